## netgroups — English catalog. Every key here must exist in sv and da too (a test checks).
## Arguments in { $braces } are filled in by the bot; user text is shown as typed.

## Command and option names and descriptions (Discord shows them localised).
cmd-help = help
cmd-help-desc = Show what you can ask the bot
cmd-language = language
cmd-language-desc = Choose the language the bot uses with you
cmd-section = section
cmd-section-desc = Sections: groups by profession, region or theme
cmd-section-list = list
cmd-section-list-desc = List the sections you can join
cmd-section-info = info
cmd-section-info-desc = Show a section: purpose, coordinators, members
cmd-section-create = create
cmd-section-create-desc = Propose a new section (you become its coordinator)
cmd-section-approve = approve
cmd-section-approve-desc = Approve a proposed section (community admins)
cmd-section-join = join
cmd-section-join-desc = Join a section
cmd-section-leave = leave
cmd-section-leave-desc = Leave a section
cmd-section-archive = archive
cmd-section-archive-desc = Archive a section (its coordinators)
cmd-section-bind = bind
cmd-section-bind-desc = Make this channel the section's channel (coordinators)
cmd-section-coordinator = coordinator
cmd-section-coordinator-desc = A section's coordinators
cmd-section-coordinator-add = add
cmd-section-coordinator-add-desc = Make a member a coordinator of the section
cmd-section-coordinator-remove = remove
cmd-section-coordinator-remove-desc = Stop a member being a coordinator of the section
cmd-profile = profile
cmd-profile-desc = Your presentation: who you are, what you do, what you need
cmd-profile-set = set
cmd-profile-set-desc = Fill in or change your profile
cmd-profile-show = show
cmd-profile-show-desc = Show your profile or someone else's
cmd-directory = directory
cmd-directory-desc = Find members
cmd-directory-search = search
cmd-directory-search-desc = Find members by place, trade, company or name

opt-section = section
opt-section-desc = The section, by its short name (e.g. shiatsu)
opt-member = member
opt-member-desc = The member, by name
opt-name = name
opt-name-desc = The section's name
opt-kind = kind
opt-kind-desc = profession, region or theme
opt-slug = slug
opt-slug-desc = Short name used in commands (letters, digits and dashes)
opt-description = description
opt-description-desc = A sentence about the section
opt-purpose = purpose
opt-purpose-desc = What we have, what we need
opt-who = who
opt-who-desc = Who you are
opt-does = does
opt-does-desc = What you do
opt-needs = needs
opt-needs-desc = What you need
opt-offers = offers
opt-offers-desc = What you can offer others
opt-place = place
opt-place-desc = Where you work or live (for a meeting: where it is held)
opt-trade = trade
opt-trade-desc = Your trade or profession
opt-company = company
opt-company-desc = Your company
opt-visible = visible
opt-visible-desc = Show your profile in the directory (yes or no)
opt-query = query
opt-query-desc = Words to look for
opt-topic = topic
opt-topic-desc = A command or group, e.g. section
opt-locale = locale
opt-locale-desc = en, sv or da

## Names
section-name-central = Central network group
section-name-coordinators = Coordinators
kind-central = central group
kind-coordinators = coordinators
kind-profession = profession
kind-region = region
kind-theme = theme
status-proposed = proposed, waiting for approval
status-active = active
status-archived = archived
locale-en = English
locale-sv = Swedish
locale-da = Danish

## Help
help-title = What you can ask me
help-topic-title = Help: { $topic }
help-line = { $usage } — { $description }
help-option = • { $option }: { $description }
help-more = Type { $prefix }help section (or profile, directory) for details.

## Sections
section-list-title = Sections ({ $count })
section-list-line = • { $section } — { $name } ({ $kind }, { $count ->
        [one] one member
       *[other] { $count } members
    })
section-list-proposed = • { $section } — { $name } (proposed, waiting for approval)
section-list-hint = Join one with { $prefix }section join NAME.
section-info-title = { $name } ({ $section })
section-info-kind = Kind: { $kind }; status: { $status }
section-info-members = { $count ->
        [one] One member
       *[other] { $count } members
    }
section-info-coordinators = { $count ->
        [0] No coordinator yet
        [one] Coordinator: { $names }
       *[other] Coordinators: { $names }
    }
section-info-description = About: { $text }
section-info-purpose = What we have, what we need: { $text }
section-info-your-role = { $role ->
        [coordinator] You coordinate this section.
        [member] You are a member.
       *[none] You are not a member.
    }
section-proposed = Thank you! Section { $section } ({ $name }) is proposed; a community admin will approve it, and then you become its coordinator.
section-created = Section { $section } ({ $name }) is open, and you are its coordinator.
section-approved = Section { $section } ({ $name }) is approved and open.
section-joined = You joined { $name } ({ $section }).
section-left = You left { $name } ({ $section }).
section-archived = Section { $section } ({ $name }) is archived.
section-bound = This channel is now the channel of { $section }: meeting calls and memos come here.
error-bind-here = Type this in the channel or room that should become the section's.
section-coordinator-added = { $member } now coordinates { $section }.
section-coordinator-removed = { $member } no longer coordinates { $section }.
announce-section-opened = New section: { $name } ({ $section }).
announce-section-join-hint = Join it with { $prefix }section join { $section }.
announce-section-proposed = { $member } proposes a new section: { $name } ({ $section }).
announce-section-approve-hint = A community admin can approve it with { $prefix }section approve { $section }.

## Archived sections: read-only channels, and opening them again (section unarchive)
cmd-section-unarchive = unarchive
cmd-section-unarchive-desc = Open an archived section again (admins)
section-unarchived = Section { $section } ({ $name }) is open again.
error-section-not-archived = Section { $section } is not archived.
section-archived-notice = { $name } ({ $section }) is archived: this channel is read-only from now on, and what was said here stays to read. A community admin can open it again with { $prefix }section unarchive { $section }.
section-restored-notice = { $name } ({ $section }) is open again: welcome back!

## Discord: coordinators manage their section's messages (netgroups check)
check-discord-perm-manage-messages = Manage Messages

## Profiles and directory
profile-title = Profile: { $member }
profile-field-who = Who: { $text }
profile-field-does = Does: { $text }
profile-field-needs = Needs: { $text }
profile-field-offers = Offers: { $text }
profile-field-place = Place: { $text }
profile-field-trade = Trade: { $text }
profile-field-company = Company: { $text }
profile-empty = { $member } has not written a profile yet.
profile-saved = Your profile is saved.
profile-now-visible = Your profile is visible in the directory.
profile-now-hidden = Your profile is hidden from the directory; show it with { $prefix }profile set visible:yes.
language-set = I will speak { $locale } with you.
directory-title = Members matching “{ $query }” ({ $count })
directory-line = • { $member } — Place: { $place } · Trade: { $trade } · Company: { $company } · Does: { $does }
directory-none = No visible profile matches “{ $query }”.
directory-more = Showing the first { $limit }; add a word to narrow the search.
directory-hint = See a whole profile with { $prefix }profile show NAME.

## Errors
error-unexpected = Sorry, something went wrong on my side. Nothing was changed; please try again later.
error-disk-full = The disk where I keep my records is full, so I could not save this. Nothing was changed; the bot's administrator has to free some space.
reply-sent-privately = I have answered you in a direct message.
error-control-characters = “{ $field }” contains control characters; please write plain text.
error-line-break = “{ $field }” must be one line: please write it without line breaks.
error-too-long = “{ $field }” is too long: { $length } characters, at most { $max }.
error-bad-slug = “{ $slug }” cannot be a short name: use 3 to 32 lower-case letters, digits and dashes.
error-unknown-locale = I do not speak “{ $locale }”; choose en, sv or da.
error-unknown-member = I know no member called “{ $member }”.
error-ambiguous-member = { $count } members are called “{ $member }”; please be more precise.
error-missing-option = Please give the { $option }.{ $usage ->
        [none] {""}
       *[other] {" "}Usage: { $usage }
    }
error-section-exists = There is already a section called { $section }; choose another name or slug.
error-not-proposed = Section { $section } is not waiting for approval.
error-coordinators-automatic = The coordinators’ section keeps itself in step: every coordinator of a section is in it, and nobody joins or leaves it by hand.
error-already-member = You are already a member of { $section }.
error-cannot-leave-builtin = Everyone stays in { $section }; it cannot be left.
error-not-member = You are not a member of { $section }.
error-cannot-archive-builtin = { $section } belongs to the whole community and cannot be archived.
error-section-archived = Section { $section } is archived.
error-builtin-coordinators = { $section } has no coordinators of its own.
error-already-coordinator = { $member } already coordinates { $section }.
error-not-coordinator = { $member } is not a coordinator of { $section }.
error-unknown-section = There is no section called “{ $section }”. See the list with { $prefix }section list.
error-section-not-approved = Section { $section } is not approved yet.
error-last-coordinator = { $section } needs a coordinator: add another one first.
error-profile-nothing-to-set = Say what to change, e.g. place:Malmö. Fields: { $fields }, visible.
error-profile-hidden = { $member } has not made their profile visible.
error-unbalanced-quotes = A quotation mark is not closed.
error-empty-command = Type { $prefix }help to see what you can ask.
error-unknown-subcommand = What should I do with { $group }? Choose one of: { $choices }.
error-unknown-command-suggest = I do not know “{ $command }”. Did you mean { $prefix }{ $suggestion }?
error-unknown-command = I do not know “{ $command }”. Type { $prefix }help to see what you can ask.
error-option-twice = The { $option } is given twice.
error-too-many-arguments = Too much for { $prefix }{ $command }: I do not know what to do with “{ $extra }”. Put quotes around text with spaces.
error-bad-choice = “{ $value }” is not a valid { $option }; choose one of: { $choices }.
error-not-a-number = The { $option } must be a whole number, not “{ $value }”.
error-out-of-range = The { $option } must be between { $min } and { $max }.
error-not-yes-no = “{ $option }” must be yes or no, not “{ $value }”.
error-permission-admin = Only a community admin may do that.
error-permission-coordinator = Only a coordinator of { $section } may do that.
error-unknown-help-topic = There is no help about “{ $topic }”. Topics: { $groups }.

## Console
console-not-a-command = Commands start with / (try /help); meta lines start with : (:as NAME, :in SECTION, :time +1d, :react MSG EMOJI, :locale sv).
console-bad-meta = I do not understand “:{ $line }”. Meta lines: :as NAME, :in SECTION, :time ISO or +3d, :react MSG EMOJI, :unreact MSG EMOJI, :locale sv.
console-bad-time = “{ $value }” is not a time: write 2026-03-01T09:00+01:00, or +3d, +2h, +30m, +1w.
console-unknown-message = There is no message { $message }.

## Meetings: commands
cmd-meeting = meeting
cmd-meeting-desc = A section's recurring meetings
cmd-meeting-schedule = schedule
cmd-meeting-schedule-desc = Set up the section's recurring meeting (coordinators)
cmd-meeting-list = list
cmd-meeting-list-desc = Show the meeting series and its next dates
cmd-meeting-next = next
cmd-meeting-next-desc = Show the next meeting: time, place, agenda, answers
cmd-meeting-cancel = cancel
cmd-meeting-cancel-desc = Cancel one meeting; the series goes on (coordinators)
cmd-meeting-move = move
cmd-meeting-move-desc = Move one meeting to another day or time (coordinators)
cmd-meeting-edit = edit
cmd-meeting-edit-desc = Change the series from a date on (coordinators)
cmd-meeting-end = end
cmd-meeting-end-desc = End the series after a date (coordinators)
cmd-rsvp = rsvp
cmd-rsvp-desc = Answer yes, maybe or no for the next meeting (or always / never)
cmd-reminders = reminders
cmd-reminders-desc = Where you get meeting reminders: channel, dm or none
cmd-agenda = agenda
cmd-agenda-desc = The agenda of a meeting
cmd-agenda-show = show
cmd-agenda-show-desc = Show the agenda of the next meeting
cmd-agenda-add = add
cmd-agenda-add-desc = Add an item with its minutes (coordinators)
cmd-agenda-move = move
cmd-agenda-move-desc = Move an item to another place (coordinators)
cmd-agenda-time = time
cmd-agenda-time-desc = Change how many minutes an item gets (coordinators)
cmd-agenda-remove = remove
cmd-agenda-remove-desc = Remove an item (coordinators)
cmd-agenda-propose = propose
cmd-agenda-propose-desc = Propose an item for the coordinators to accept
cmd-agenda-accept = accept
cmd-agenda-accept-desc = Accept a proposed item (coordinators)
cmd-memo = memo
cmd-memo-desc = Memos of past meetings
cmd-memo-post = post
cmd-memo-post-desc = Publish the memo of a meeting to the section (coordinators)
cmd-memo-list = list
cmd-memo-list-desc = The latest memos
cmd-memo-show = show
cmd-memo-show-desc = Read a memo
cmd-memo-search = search
cmd-memo-search-desc = Search the memos
cmd-section-needs = needs
cmd-section-needs-desc = What members need, most asked first: ideas for a guest speaker (coordinators)

opt-rule = rule
opt-rule-desc = e.g. "weekly tue", "every 2 weeks tue", "2nd tue", "1st,3rd thu"
opt-time = time
opt-time-desc = Local time, e.g. 18:00
opt-duration = duration
opt-duration-desc = Length in minutes, or like 1h30
opt-start = start
opt-start-desc = First possible date, e.g. 2026-03-10
opt-capacity = capacity
opt-capacity-desc = How many can come; further yeses wait on a list
opt-date = date
opt-date-desc = The meeting's date, e.g. 2026-03-10 or 10/3
opt-to = to
opt-to-desc = The new date
opt-from = from
opt-from-desc = The first date the change applies to
opt-answer = answer
opt-answer-desc = yes, maybe, no, always or never
opt-via = via
opt-via-desc = channel, dm or none
opt-title = title
opt-title-desc = What the item is about
opt-minutes = minutes
opt-minutes-desc = How many minutes it gets
opt-position = position
opt-position-desc = Its place in the agenda, 1 = first
opt-item = item
opt-item-desc = The item's number in the agenda
opt-proposal = proposal
opt-proposal-desc = The proposal's number (shown in the agenda)
opt-text = text
opt-text-desc = The memo (write \n for a new line)
opt-id = id
opt-id-desc = The memo's number

## Meetings: what the bot posts
agenda-kind-welcome = Welcome
agenda-kind-presentation = Presentation round: who you are, what you do, what you need
agenda-kind-current = Current matters
agenda-kind-guest = Guest speaker
agenda-kind-discussion = Discussion
agenda-kind-thanks = Thanks and next meeting
agenda-kind-custom = Item
meeting-when = When: { $when } ({ $zone }), { $minutes } minutes
meeting-place = Where: { $place }
call-title = Meeting call: { $section }
call-cancelled = This meeting is cancelled.
agenda-heading = Agenda:
agenda-line = { $number }. { $title } ({ $minutes } min)
agenda-proposed-line = Proposed #{ $id }: { $title } ({ $minutes } min), waiting for a coordinator
agenda-presenter = { "   " }– { $member }: { $who } · does: { $does } · needs: { $needs }
agenda-presenter-bare = { "   " }– { $member }
call-counts = Answers: ✅ { $yes } · 🤔 { $maybe } · ❌ { $no }{ $capacity ->
        [none] {""}
       *[other] {" "}(places: { $capacity }{ $waiting ->
            [0] {""}
           *[other] , { $waiting } waiting
        })
    }
call-how-to-answer = Answer with { $yes } { $maybe } { $no } on this message, or { $prefix }rsvp yes { $section }.
reminder-title = Reminder: { $section } meets { $unit ->
        [day] { $count ->
            [1] tomorrow
           *[other] in { $count } days
        }
        [hour] { $count ->
            [one] in { $count } hour
           *[other] in { $count } hours
        }
       *[minute] { $count ->
            [one] in { $count } minute
           *[other] in { $count } minutes
        }
    }
reminder-coming = Coming: { $names }. Maybe: { $maybe }.
memo-skeleton-date = Meeting: { $when }
memo-skeleton-attendees = { $count ->
        [0] Attended: nobody said yes
       *[other] Attended ({ $count }): { $names }
    }
memo-skeleton-how = Post the memo for everyone with { $prefix }memo post "TEXT" { $section }.
## The coordinator's digest (issue 14): at most one direct message a day, at the coordinator's hour.
digest-title = { $count ->
        [one] Your digest: 1 thing needs you
       *[other] Your digest: { $count } things need you
    }
digest-section = { $name } ({ $section })
digest-item = • { $text }
digest-agenda = The meeting on { $when } still has the default agenda; its call goes out { $call }. Add items with { $prefix }agenda add TITLE MINUTES section:{ $section } date:{ $date }.
digest-confirm = The meeting on { $when } is not confirmed: its call goes out { $call } only once you confirm it with { $prefix }meeting confirm { $date } { $section }.
digest-confirm-late = The meeting on { $when } is not confirmed, so its call has not gone out. Confirm it with { $prefix }meeting confirm { $date } { $section } (or cancel it with { $prefix }meeting cancel { $date } { $section }).
digest-hold-or-cancel = Nobody has said yes or maybe to the meeting on { $when }. Hold it or cancel it? To cancel: { $prefix }meeting cancel { $date } { $section }. To hold it, do nothing.
digest-proposal = Proposed for { $when }: “{ $title }” ({ $minutes } min). Accept it with { $prefix }agenda accept { $id } { $section } { $date }.
digest-waitlist = { $waiting ->
        [one] 1 person is waiting for a place at the meeting on { $when } (places: { $capacity }).
       *[other] { $waiting } people are waiting for a place at the meeting on { $when } (places: { $capacity }).
    }
digest-unanswered = Nobody has answered the call to the meeting on { $when } yet.
digest-memo = The meeting on { $when } has no memo yet. A skeleton to fill in:
digest-set-daily = Your digest comes on days something needs you, at { $hour }:00 ({ $zone }), and on Mondays with anything still open.
digest-set-weekly = Your digest comes on Mondays at { $hour }:00 ({ $zone }); another day only with what cannot wait.
digest-set-off = No digest: you hear only what cannot wait, at { $hour }:00 ({ $zone }).
digest-not-coordinating = You coordinate no section now, so there is nothing to tell you yet.
error-digest-hour = { $hour }:00 is at night: choose an hour from { $earliest } to { $latest }, e.g. { $prefix }digest hour:9.
cmd-digest = digest
cmd-digest-desc = How often and when your coordinator's digest comes: daily, weekly or off, and hour:HH
opt-mode = mode
opt-mode-desc = daily, weekly or off
opt-hour = hour
opt-hour-desc = The local hour it comes, 8 to 20
cmd-meeting-confirm = confirm
cmd-meeting-confirm-desc = Confirm a meeting so that its call goes out (a series with calls:confirmed; coordinators)
opt-calls = calls
opt-calls-desc = all: a call for every meeting; confirmed: only for meetings a coordinator confirmed
meeting-confirm-calls = Calls go out only for meetings a coordinator confirmed (meeting confirm DATE).
meeting-confirmed = The meeting of { $section } on { $when } is confirmed: its call goes out.
meeting-not-confirmed = Not confirmed yet: it takes place once a coordinator confirms it (its call then goes out).
error-confirm-not-needed = The meetings of { $section } need no confirming: every call goes out. (To change that: meeting edit DATE calls:confirmed.)
memo-title = Memo #{ $id }: { $section }
memo-of-meeting = Meeting of { $when }, written by { $author }
memo-by = Written by { $author }
memo-body = { $text }
meeting-cancelled-title = Cancelled: { $section }
meeting-cancelled = The meeting of { $section } on { $when } is cancelled. The next one is as usual.
rsvp-promoted-title = You have a place
rsvp-promoted = A place opened up: you are on the list for { $section } on { $when }.

## Meetings: replies
meeting-scheduled = Meetings of { $section } are scheduled
meeting-series = { $rule }, at { $time } ({ $zone }), { $minutes } minutes
meeting-capacity = Places: { $capacity }
meeting-next-date = • { $when }
meeting-cadence = The meeting call goes out { $days ->
        [one] one day
       *[other] { $days } days
    } before each meeting, with the agenda.
meeting-list-title = Meetings of { $section }
meeting-next-title = Next meeting of { $section }
meeting-cancelled-done = The meeting of { $section } on { $when } is cancelled; the series goes on.
meeting-moved = The meeting of { $section } is moved to { $when }.
meeting-edited = Meetings of { $section } change from { $day }
meeting-ended = The meetings of { $section } end after { $day }.
answer-yes = yes
answer-maybe = maybe
answer-no = no
rsvp-saved = Noted: { $answer } for { $section } on { $when }.
rsvp-waitlisted = The meeting of { $section } on { $when } is full: you are on the waiting list and will hear from me if a place opens.
rsvp-always = You are always coming to { $section }: every meeting counts you in until you say { $prefix }rsvp never.
rsvp-never = You no longer say yes automatically to { $section }.
rsvp-joined = You joined { $section } and { $choice ->
        [maybe] might come on { $when }
       *[yes] are coming on { $when }
    }. Its meetings reach you from now on; leave with { $prefix }section leave { $section }.
rsvp-joined-waitlisted = You joined { $section }. The meeting on { $when } is full: you are on the waiting list and will hear from me if a place opens.
rsvp-always-joined = You joined { $section } and are always coming: every meeting counts you in until you say { $prefix }rsvp never.
error-closed-section = Only members of { $section } answer and propose for its meetings, and nobody joins it by hand: every coordinator of a section is in it. A community admin can make you a coordinator with { $prefix }section coordinator add SECTION NAME.
error-propose-join-first = Only members of { $section } propose agenda items for its meetings. Join with { $prefix }section join { $section }, then propose again.
reminders-set = Meeting reminders: { $via }.
reminders-via-channel = in the section's channel
reminders-via-dm = as a direct message
reminders-via-dm-on = as a direct message on { $platform }
reminders-via-none = none
agenda-title = Agenda: { $section }
agenda-total = Planned { $planned } of { $duration } minutes.
agenda-added = Added “{ $title }” ({ $minutes } min) as item { $position }.
agenda-moved = Item { $number } is now item { $position }.
agenda-resized = Item { $number } now gets { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }.
agenda-removed = Item { $number } is removed.
agenda-proposed = Thank you! “{ $title }” is proposed (#{ $id }); a coordinator of { $section } can accept it.
agenda-accepted = “{ $title }” is on the agenda as item { $position }.
memo-posted = Memo #{ $id } is posted in { $section }.
memo-line = • #{ $id } { $section }, { $date }: { $text }
memo-none = No memos yet.
memo-list-title = Latest memos ({ $count })
memo-show-title = Memo #{ $id }, { $section }, { $date }
memo-search-none = No memo mentions “{ $query }”.
memo-search-title = Memos mentioning “{ $query }” ({ $count })
needs-title = What members of { $section } need
needs-line = • { $topic } ({ $count ->
        [one] one member
       *[other] { $count } members
    })
needs-none = No visible profile in { $section } says what it needs yet.
needs-hint = A guest speaker on the top topics serves the most members.

## Meetings: errors
error-bad-rule = I do not understand the rule “{ $rule }”. Write e.g. "weekly tue", "every 2 weeks tue", "2nd tue", "1st,3rd thu", "last fri", or an RRULE.
error-ambiguous-rule = “{ $rule }” can mean two things: write "every 2 weeks tue" (every other week) or "2nd tue" (the second Tuesday of the month).
error-unknown-timezone = “{ $zone }” is not a time zone I know; use a name like Europe/Stockholm.
error-bad-time = “{ $value }” is not a time of day; write e.g. 18:00.
error-bad-date = “{ $value }” is not a date; write e.g. 2026-03-10 or 10/3.
error-date-out-of-range = “{ $value }” is too far away: I take dates from { $earliest } to { $latest } (a year back, ten years ahead).
error-bad-duration = “{ $value }” is not a length between 15 minutes and 12 hours; write e.g. 90 or 1h30.
error-series-exists = { $section } already has a meeting series; change it with { $prefix }meeting edit.
error-no-series = { $section } has no meetings scheduled; a coordinator can start them with { $prefix }meeting schedule.
error-no-upcoming = { $section } has no meeting coming up.
error-no-meeting-on = { $section } has no meeting on { $day }.
error-already-cancelled = The meeting of { $section } on { $day } is already cancelled.
error-move-into-past = A meeting cannot be moved into the past.
error-edit-past = A change can start today at the earliest, not { $day }.
error-edit-nothing = Say what to change: rule, time, duration, place or capacity.
error-meeting-started = That meeting has already started.
error-meeting-cancelled = That meeting is cancelled.
error-meeting-over = That meeting is over.
error-agenda-overrun = That would run { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    } over the { $duration }-minute meeting. Shorten or remove an item first.
error-no-agenda-item = There is no item { $number }; the agenda has { $count ->
        [one] one item
       *[other] { $count } items
    }.
error-no-proposal = There is no open proposal #{ $id }.
error-unknown-memo = There is no memo #{ $id }.
console-time-backwards = Time only moves forward here; { $value } is in the past.

## Recurrence rules in words
rule-raw = Rule { $rule }
rule-weekly = Every { $days }
rule-every-weeks = Every { $n } weeks on { $days }
rule-monthly = Every month on the { $which }
rule-ordinals-day = { $ordinals } { $day }
rule-ordinal = { $n ->
        [1] 1st
        [2] 2nd
        [3] 3rd
        [-1] last
       *[other] { $n }th
    }

## Linking accounts on several platforms
cmd-profile-link = link
cmd-profile-link-desc = Link your accounts on Discord and Matrix into one member
cmd-profile-unlink = unlink
cmd-profile-unlink-desc = Split your account on one platform off again
opt-code = code
opt-code-desc = The code you got from profile link on your other account
opt-platform = platform
opt-platform-desc = discord, matrix or console
link-code = Your code is { $code }. Within { $minutes } minutes, type { $prefix }profile link { $code } from your account on the other platform. It works once.
link-done = Linked: both accounts are now { $member }, with one answer per meeting.
unlink-done = Your { $platform } account is a member of its own again; your history stays here.
error-link-code-unknown = That code is not known, or it was used already. Ask for a new one with profile link.
error-link-code-expired = That code has expired (they last 10 minutes). Ask for a new one with profile link.
error-link-same-account = Type the code from your other account, not the one that asked for it.
error-link-same-platform = Both accounts are on { $platform }: a code links accounts on two different platforms.
error-unlink-none = You have no { $platform } account linked.
error-unlink-last = That is your only account: there is nothing to split off.

## Members' own data: export and erase
cmd-mydata = mydata
cmd-mydata-desc = What the bot keeps about you: take a copy, or have it erased
cmd-mydata-export = export
cmd-mydata-export-desc = Get everything the bot keeps about you, as a summary and a file
cmd-mydata-erase = erase
cmd-mydata-erase-desc = Erase everything the bot keeps about you (asks you to confirm)
cmd-member = member
cmd-member-desc = Members of the community (community admins)
cmd-member-erase = erase
cmd-member-erase-desc = Erase everything kept about a member (community admins; asks you to confirm)
opt-confirm = confirm
opt-confirm-desc = The code the first step gave you, to confirm
mydata-title = What I keep about you in { $community }
mydata-name = Name: { $name }
mydata-accounts = Accounts: { $accounts }
mydata-sections = Sections: { $sections }
mydata-rows = { $what }: { $count }
mydata-file = All of it, table by table, is in the file { $file } (JSON, for you or another service to read).
mydata-erase-hint = To have all of it erased: { $prefix }mydata erase
mydata-table-members = Member record
mydata-table-identities = Accounts on chat platforms
mydata-table-memberships = Section memberships and roles
mydata-table-profiles = Profile
mydata-table-profile_words = Words your profile is found by
mydata-table-sections = Sections you proposed
mydata-table-rsvps = Answers to meetings
mydata-table-standing_rsvps = Standing answers ("always coming")
mydata-table-agenda_items = Agenda items you proposed
mydata-table-memos = Memos you wrote
mydata-table-meeting_series = Meeting series you scheduled
mydata-table-outbox = Messages and deliveries addressed to you
mydata-table-platform_state = Bookkeeping about you (direct conversations, codes)
mydata-erase-ask = This erases everything I keep about you in { $community }: your accounts here, profile, sections, answers, reminders and bookkeeping. Memos you wrote stay, signed “a former member”. You can come back later as a new member.
mydata-erase-confirm-how = To go ahead, type { $prefix }mydata erase confirm:{ $code } within { $minutes } minutes. Nothing happens otherwise.
mydata-erased = Done: everything I kept about you is erased. If you write to me again, you start as a new member.
member-erase-ask = This erases everything kept about { $member } in { $community }: accounts, profile, sections, answers, reminders and bookkeeping. Memos they wrote stay, signed “a former member”.
member-erase-confirm-how = To go ahead, type { $prefix }member erase "{ $member }" confirm:{ $code } within { $minutes } minutes. Nothing happens otherwise.
member-erased = { $member } is erased: nothing is kept about them any more.
error-erase-code = That is not the code you were given for erasing { $member }, or it has expired (codes last 10 minutes). Nothing was erased; ask again for a new code.
memo-former-member = a former member
console-file-saved = 📎 { $file } ({ $size } bytes)

## Sensitive sections: who is in them is for their members to know
cmd-section-sensitive = sensitive
cmd-section-sensitive-desc = Mark whether the section's membership is sensitive (its coordinators)
opt-sensitive = sensitive
opt-sensitive-desc = yes: names are shown to the section's members only; no: as in other sections
section-now-sensitive = Section { $section } is sensitive now: who is in it, who is coming to its meetings and its memos are shown to its members only.
section-now-not-sensitive = Section { $section } is no longer sensitive: its meeting calls name who is coming again.
section-info-sensitive = Its membership is sensitive: names are shown to its members only.
agenda-presenters-private = (who is coming is shown to the section's members: { $prefix }meeting next { $section })
error-builtin-sensitive = { $section } is everyone's (or every coordinator's) section: its membership cannot be sensitive.
error-already-sensitive = Section { $section } is sensitive already.
error-already-not-sensitive = Section { $section } is not sensitive.
error-sensitive-members-only = What is written in { $section } is for its members only.

## The community's first admin: a private welcome with the next steps
welcome-admin-title = Welcome, admin of { $community }
welcome-admin-intro = You are the community admin of { $community }: you approve sections and may run every command. Three steps to get going:
welcome-admin-step-section = 1. Open a section, a group by profession, region or theme: { $prefix }section create Shiatsu. It gets a channel of its own, and you become its coordinator.
welcome-admin-step-meeting = 2. Schedule its meeting, typed in the section's channel: { $prefix }meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus". I post the meeting call in good time, with reactions to answer, and remind those coming.
welcome-admin-step-members = 3. Bring the members in: { $platform ->
        [matrix] ask them to write to me in a direct message; they join a section with { $prefix }section join shiatsu, and I invite them to the space and to the section's room.
       *[other] everyone in the server can talk to me; they join a section with { $prefix }section join shiatsu, and its meetings reach them from then on.
    }
welcome-admin-more = { $prefix }help shows everything you can ask, and { $prefix }section list the sections.

## netgroups check: the operator's table (✔ fine, ⚠ worth knowing, ✖ to fix; → what to do)
check-area-settings = settings
check-area-database = database
check-area-discord = Discord
check-area-matrix = Matrix
check-area-web = web
check-web-answering = The pages and calendar feeds answer at { $listen }.
check-web-free = { $listen } is free: netgroups run serves the pages and calendar feeds there.
check-web-silent = Nothing answers at { $listen }, where the pages and calendar feeds should be.
check-web-foreign = Something other than netgroups answers at { $listen }.
check-web-unusable = netgroups cannot listen at { $listen }: { $reason }.
check-fix-web-port = Stop what holds that port, or choose another in [web] listen (NETGROUPS_WEB_LISTEN).
check-web-links = Links in meeting calls and feeds start with { $base }.
check-web-links-local = Links in meeting calls and feeds would start with http://{ $listen }, an address only this machine can open.
check-fix-web-base-url = Set [web] base_url (NETGROUPS_WEB_BASE_URL) to the address members reach, e.g. https://net.example.org behind your reverse proxy.
check-summary-ok = Everything netgroups needs is there.
check-summary-failed = { $count ->
        [one] One thing to fix (✖) before netgroups can run as it should.
       *[other] { $count } things to fix (✖) before netgroups can run as it should.
    }
check-settings-ok = The settings are valid; configured: { $platforms }.
check-settings-refused = The settings cannot be used: { $reason }
check-fix-settings = Fix that setting in the config file or the environment (config.example.toml documents every setting).
check-settings-no-platform = No chat platform is configured.
check-fix-no-platform = Set [discord] token (NETGROUPS_DISCORD_TOKEN), or [matrix] homeserver, user_id and access_token or password.
check-database-ok = { $where } can be used (schema revision { $revision }).
check-database-new = { $where } does not exist yet: it is made at the first start, with { $count ->
        [one] one migration
       *[other] { $count } migrations
    }.
check-database-migrations = { $count ->
        [one] One migration
       *[other] { $count } migrations
    } would run: { $revisions }.
check-fix-database-migrations = They run by themselves at the next start; back up the database first.
check-database-newer = { $where } was written by a newer netgroups (schema revision { $revision }).
check-fix-database-newer = Upgrade netgroups to the version that wrote it: this one refuses to start on it.
check-database-refused = The database cannot be used: { $reason }
check-fix-database = Fix what the line above names: netgroups refuses to start until then.
check-database-idle = No netgroups process is using { $where }.
check-fix-start = Start the bot (netgroups run), or look in its log for why it stopped.
check-platform-timeout = { $platform } did not answer within { $seconds } seconds.
check-fix-platform-timeout = Check this machine's network and firewall, and try again.
check-platform-broke = The check of { $platform } stopped on an unexpected { $error } (see the log above).
check-fix-platform-broke = Try again; if it happens again, report it with the log.

check-discord-guild-setting = Setting discord.guild_id is { $value }, which is not a guild id.
check-fix-discord-guild-setting = Write the server's id (digits only): in Discord, turn on Developer Mode, right-click the server and choose Copy Server ID.
check-discord-token-refused = Discord refused the bot's token.
check-fix-discord-token = In the developer portal, open your application → Bot → Reset Token, and put the new token in NETGROUPS_DISCORD_TOKEN.
check-discord-unreachable = Discord cannot be reached: { $reason }
check-fix-discord-unreachable = Check that this machine reaches discord.com over HTTPS (network, firewall, proxy).
check-discord-logged-in = Logged in as { $user } (application { $application }).
check-discord-intents-ok = Intents: { $intents }; none of them privileged.
check-discord-intents-off = The bot asks for privileged intents the application does not have: { $intents }.
check-fix-discord-intents = In the developer portal, open your application → Bot → Privileged Gateway Intents and switch them on.
check-discord-endpoint = The application sends interactions to { $url }, so slash commands never reach the bot.
check-fix-discord-endpoint = In the developer portal, open your application → General Information and empty Interactions Endpoint URL.
check-discord-no-guild = The bot is in no server yet.
check-discord-not-in-guild = The bot is not in the server { $guild } (discord.guild_id).
check-fix-discord-invite = Invite it with this link (it asks for the right permissions): { $url }
check-discord-perm-view-channel = View Channels
check-discord-perm-send-messages = Send Messages
check-discord-perm-embed-links = Embed Links
check-discord-perm-add-reactions = Add Reactions
check-discord-perm-read-message-history = Read Message History
check-discord-perm-manage-channels = Manage Channels
check-discord-perm-manage-roles = Manage Roles
check-discord-permissions-ok = { $guild }: the bot has every permission it needs.
check-discord-permissions-missing = { $guild }: the bot lacks { $missing }.
check-fix-discord-permissions = Server Settings → Roles → { $role }: switch on { $missing }. Or invite the bot again with { $url }
check-discord-roles-ok = { $guild }: the bot's role { $role } is above { $count ->
        [0] the section roles (none yet)
        [one] the one section role
       *[other] all { $count } section roles
    }.
check-discord-roles-above = { $guild }: these section roles are not below the bot's role { $role }, so it cannot give or take them: { $roles }.
check-fix-discord-roles = Server Settings → Roles: drag { $role } above the section roles.
check-discord-roles-gone = { $guild }: the roles of these sections were deleted: { $sections }.
check-fix-discord-roles-gone = Their members are no longer marked with a role; channels and meetings work as before.
check-discord-commands-ok = { $guild }: { $count } slash commands, as this version of netgroups defines them.
check-discord-commands-pending = { $guild }: { $count ->
        [one] one slash command differs
       *[other] { $count } slash commands differ
    } from this version's.
check-fix-discord-commands = Nothing to do: the bot updates them when it starts.
check-discord-commands-changed = { $guild }: the slash commands were changed on Discord since the bot last set them: { $commands }.
check-fix-discord-commands-changed = The bot sets them only when its own change: delete its record (table platform_state, platform discord, key { $record }) and restart it.
check-discord-commands-unreadable = { $guild }: the bot may not read the server's slash commands.

check-matrix-no-user = Setting matrix.user_id is missing.
check-fix-matrix-no-user = Set matrix.user_id (NETGROUPS_MATRIX_USER_ID) to the bot's account, e.g. @netgroups:example.org.
check-matrix-unreachable = The homeserver { $homeserver } cannot be reached: { $reason }
check-matrix-not-matrix = { $homeserver } does not answer as a Matrix homeserver (HTTP { $status }).
check-fix-matrix-unreachable = Check matrix.homeserver (the address of your server's client API, e.g. https://matrix.example.org), that the homeserver runs, and that { $homeserver }/_matrix/client/versions opens from this machine.
check-matrix-reachable = The homeserver { $homeserver } answers (Matrix { $version }).
check-matrix-no-credentials = Neither an access token nor a password is set for the bot.
check-fix-matrix-no-credentials = Set matrix.access_token (NETGROUPS_MATRIX_ACCESS_TOKEN) with matrix.device_id, or matrix.password (NETGROUPS_MATRIX_PASSWORD).
check-matrix-session-unreadable = The saved session { $file } cannot be read.
check-fix-matrix-session = Delete { $file }: the bot then logs in again with matrix.password.
check-matrix-password-refused = The homeserver refused the password of { $user } ({ $reason }).
check-fix-matrix-password = Check matrix.password (NETGROUPS_MATRIX_PASSWORD), or set an access token instead.
check-matrix-token-refused = The homeserver refused the bot's access token ({ $reason }).
check-fix-matrix-token = Make a new access token for the bot's account (log in as it, e.g. with curl to /_matrix/client/v3/login) and set NETGROUPS_MATRIX_ACCESS_TOKEN and matrix.device_id.
check-matrix-token-other = The access token belongs to { $user }, not to { $configured }.
check-fix-matrix-token-other = Use a token of { $configured }, or correct matrix.user_id.
check-matrix-no-device = The homeserver does not say which device the access token belongs to.
check-fix-matrix-no-device = Set matrix.device_id (the device id you got with the token).
check-matrix-by-token = access token
check-matrix-by-session = session saved at its first login
check-matrix-by-password = password (a test login, logged out again)
check-matrix-logged-in = Logged in as { $user } ({ $how }).
check-matrix-space-none = No space yet.
check-fix-matrix-space-none = The bot makes one at its first start. To use your association's space instead, set matrix.space_id and invite the bot to it.
check-matrix-place-space = the space { $space }
check-matrix-place-room = the room of section { $section } ({ $room })
check-matrix-power-creator = In { $place }: joined, as its creator (outranks every power level).
check-matrix-power-ok = In { $place }: joined, with power level { $level }, enough for what it does there.
check-matrix-power-low = In { $place }: power level { $level }, but { $needed } is needed to { $actions }.
check-fix-matrix-power = Give { $user } power level { $needed } or more in { $place } (Element: its settings → Roles & Permissions).
check-matrix-need-invite = invite members
check-matrix-need-space-child = list section rooms in the space
check-matrix-need-message = post messages
check-matrix-need-reaction = add reactions
check-matrix-invited = Invited to { $place }, not joined yet.
check-fix-matrix-invited = Nothing to do: the bot accepts the invitation when it runs; check again afterwards for its power level there.
check-matrix-not-in = The bot is not in { $place }.
check-fix-matrix-not-in = Invite { $user } to { $room }: the bot accepts invitations when it runs.
check-matrix-state-unreadable = The bot cannot read { $place } ({ $reason }).
check-fix-matrix-state = Check that the room still exists and that the bot is still in it.
check-matrix-rooms-ok = { $count ->
        [0] No section rooms yet.
        [one] The bot is in the one section room, with the power it needs.
       *[other] The bot is in all { $count } section rooms, with the power it needs.
    }
check-matrix-exempt = The bot is exempt from the homeserver's rate limits.
check-matrix-not-exempt = The bot is not exempt from the homeserver's rate limits: it copes, but calls to many rooms go out slowly.
check-matrix-exempt-unknown = Exemption from rate limits: unknown (only a homeserver admin's token may ask).
check-fix-matrix-exempt = Ask your homeserver admin to exempt { $user } (see the README, Running on Matrix).

## Health report (section health): aggregates only, never a member's name.
cmd-section-health = health
cmd-section-health-desc = A section's health in figures and a chart (coordinators; all sections for admins)
health-title = Health of the sections, { $period }
health-section = { $name } ({ $section })
health-trend-up = up
health-trend-down = down
health-trend-same = unchanged
health-meetings = Meetings held: { $now } (before: { $before }, { $trend })
health-answers = Yes and maybe per meeting: { NUMBER($now, maximumFractionDigits: 1) } (before: { NUMBER($before, maximumFractionDigits: 1) }, { $trend })
health-answers-split = Answers: { $yes } yes, { $maybe } maybe
health-new-members = New members: { $now } (before: { $before }, { $trend })
health-memos = Memos posted: { $now } (before: { $before }, { $trend })
health-note = Last { $months } months against the { $months } before. Counts only: nobody is named.
health-chart-title = Sections, { $period }
health-chart-current = last { $months } months
health-chart-previous = the { $months } months before
health-chart-meetings = Meetings held
health-chart-answers = Yes and maybe per meeting
health-chart-new-members = New members
health-chart-memos = Memos posted

## The monthly health report in the coordinators' section: counts only, nobody named, no ranking.
health-month = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
health-monthly-title = How the sections did in { $month }
health-monthly-intro = Figures for { $month }, against { $before }.
health-monthly-all = { $count ->
    [one] All sections (1)
   *[other] All sections ({ $count })
}
health-monthly-sensitive = { $count ->
    [one] One section is sensitive: it is counted in the line for all sections, and not named.
   *[other] { $count } sections are sensitive: they are counted in the line for all sections, and not named.
}
health-monthly-note = Counts only: nobody is named, and sections come in alphabetical order, not ranked. A coordinator sees their section's last three months with /section health.

## meeting held: a meeting nobody said yes to still gets its memo skeleton and nudge
cmd-meeting-held = held
cmd-meeting-held-desc = Mark a meeting held: its memo skeleton goes out even with no yes (coordinators)
meeting-held-done = The meeting of { $section } on { $when } is marked held; its coordinators' digest asks for its memo, with a skeleton.
error-held-none = No meeting of { $section } has started yet.
error-held-ahead = The meeting of { $section } on { $when } has not started yet; mark it held once it has.
error-held-cancelled = The meeting of { $section } on { $when } is cancelled, so it cannot be marked held.

## Hand-over and stepping down (issue 14).
cmd-section-handover = handover
cmd-section-handover-desc = Offer a member your place as the section's coordinator (they accept)
cmd-section-coordinator-accept = accept
cmd-section-coordinator-accept-desc = Accept a hand-over offered to you and coordinate the section
cmd-section-coordinator-decline = decline
cmd-section-coordinator-decline-desc = Say no to a hand-over offered to you
cmd-section-coordinator-step-down = step-down
cmd-section-coordinator-step-down-desc = Stop coordinating a section (an admin may agree for its last coordinator)
handover-offered-title = Would you coordinate { $section }?
handover-offered = { $member } would like to hand { $name } ({ $section }) over to you: you would become its coordinator, and { $member } would step down.
handover-how-to-answer = To accept: { $prefix }section coordinator accept { $section }. To say no: { $prefix }section coordinator decline { $section }. The offer stands until { $until }; until then nothing changes.
handover-offer-sent = { $member } has been asked privately whether they will take over { $section }. You stay its coordinator until they accept.
handover-accepted = You now coordinate { $section }. Thank you for taking it on!
handover-previous-stepped-down = { $member } has stepped down and stays in { $section } as a member.
handover-accepted-told = { $member } accepted your hand-over: they now coordinate { $section }, and you are a member of it. Thank you for all you did!
handover-declined = You said no to coordinating { $section }; nothing has changed.
handover-declined-told = { $member } said no to taking over { $section }. You remain its coordinator.
step-down-done = { $member } no longer coordinates { $section } and stays in it as a member.
step-down-left-none = { $section } has no coordinator now: the community admins will be told, with who could take over.
error-handover-not-coordinator = Only a coordinator of { $section } can hand it over (an admin can use { $prefix }section coordinator add).
error-handover-self = You already coordinate { $section }: name the member you would like to hand it over to.
error-no-handover = Nobody has offered you { $section } to coordinate.
error-handover-expired = The offer to coordinate { $section } has expired; nothing has changed. Ask its coordinator to offer it again.
error-step-down-last = { $member } is the only coordinator of { $section }, and a section needs one. Hand it over first ({ $prefix }section handover MEMBER), or ask a community admin to agree: { $prefix }section coordinator step-down { $section } { $member }

## Continuity: who may be asked to coordinate, sections without a coordinator, sections slipping (issue 14).
cmd-profile-ask-to-coordinate = ask-to-coordinate
cmd-profile-ask-to-coordinate-desc = Whether you may be suggested when a section needs a coordinator
opt-willing = willing
opt-willing-desc = yes: you may be suggested; no: you will not be
cmd-section-what-works = what-works
cmd-section-what-works-desc = Whether the coordinators' meeting may name this section when its attendance rises
opt-share = share
opt-share-desc = yes: the coordinators' meeting may name the section when its attendance rises
ask-to-coordinate-yes = Thank you! When a section you are in needs a coordinator, the community admins may suggest you. You can change your mind any time: { $prefix }profile ask-to-coordinate no
ask-to-coordinate-no = Noted: you will not be suggested as a coordinator.
what-works-shared = When attendance at { $section } rises, the coordinators' meeting will name it under "what works", so others can learn from you.
what-works-not-shared = { $section } will not be named in the coordinators' meeting.
watch-uncoordinated-title = { $name } ({ $section }) needs a coordinator
watch-uncoordinated-none = { $section } has no coordinator any more.
watch-uncoordinated-quiet = The coordinators of { $section } have not been active for eight weeks; they may be busy elsewhere.
watch-uncoordinated-how = A community admin can ask someone and make them coordinator: { $prefix }section coordinator add { $section } NAME
watch-candidate = { $member } ({ $count ->
        [one] one yes
       *[other] { $count } yeses
    })
watch-candidates = Members of { $section } who said they may be asked, the most often coming first: { $names }.
watch-candidates-none = Nobody in { $section } has said yet that they may be asked ({ $prefix }profile ask-to-coordinate yes).
watch-candidates-sensitive = Who is in { $section } is for its members to know, so nobody is named here.
watch-continuity-title = How our sections are doing
watch-continuity-intro = Every network has quiet spells; here is where a hand could help.
watch-not-meeting-count = { $count ->
        [one] One section has not met for six weeks.
       *[other] { $count } sections have not met for six weeks.
    }
watch-nobody-coming-count = { $count ->
        [one] One section's last three meetings had nobody saying yes.
       *[other] { $count } sections' last three meetings had nobody saying yes.
    }
watch-continuity-ideas = Their coordinators have a note with ideas: a new time, a guest speaker from the needs list, or a pause. If something worked for your section, share it here.
digest-continuity-not-meeting = { $section } has not met for six weeks.
digest-continuity-nobody-coming = Nobody said yes to the last three meetings of { $section }.
digest-continuity-ideas = Would a new time help, a guest speaker from the needs list ({ $prefix }section needs { $section }), or a pause? Whatever you choose is fine.

## The coordinators' meeting: what works (issue 14).
agenda-kind-what-works = What works: sections whose attendance rose tell how
agenda-what-works-sections = Rising, and glad to tell: { $sections }
agenda-what-works-none = No section has shared a rise this time: bring what worked for you.

## Asking once whether a member may be asked to coordinate (issue 14).
ask-to-coordinate-title = May we ask you, one day?
ask-to-coordinate-question = You are one of those who come most often to { $section }. When a section needs someone to coordinate it, may the community admins suggest you? Saying yes promises nothing.
ask-to-coordinate-how = Answer with { $prefix }profile ask-to-coordinate yes (or no). I will not ask again, and you can change your answer any time.
