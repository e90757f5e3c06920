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
opt-place-desc = Where you work or live
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
section-coordinator-added = { $member } now coordinates { $section }.
section-coordinator-removed = { $member } no longer coordinates { $section }.
announce-section-opened = New section: { $name } ({ $section }).
announce-section-join-hint = Join it with { $prefix }section join { $section }.
announce-section-proposed = { $member } proposes a new section: { $name } ({ $section }).
announce-section-approve-hint = A community admin can approve it with { $prefix }section approve { $section }.

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
directory-line = • { $member } — { $trade }, { $company }, { $place }: { $does }
directory-none = No visible profile matches “{ $query }”.
directory-more = Showing the first { $limit }; add a word to narrow the search.
directory-hint = See a whole profile with { $prefix }profile show NAME.

## Errors
error-unexpected = Sorry, something went wrong on my side. Nothing was changed; please try again later.
error-control-characters = The { $field } contains control characters; please write plain text.
error-too-long = The { $field } is too long: { $length } characters, at most { $max }.
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
error-coordinators-automatic = The coordinators’ section cannot be joined by hand: coordinators of any section are in it automatically.
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
error-not-yes-no = The { $option } must be yes or no, not “{ $value }”.
error-permission-admin = Only a community admin may do that.
error-permission-coordinator = Only a coordinator of { $section } may do that.
error-unknown-help-topic = There is no help about “{ $topic }”. Topics: { $groups }.

## Console
console-not-a-command = Commands start with / (try /help); meta lines start with : (:as NAME, :in SECTION, :time +1d, :react MSG EMOJI, :locale sv).
console-bad-meta = I do not understand “:{ $line }”. Meta lines: :as NAME, :in SECTION, :time ISO or +3d, :react MSG EMOJI, :unreact MSG EMOJI, :locale sv.
console-bad-time = “{ $value }” is not a time: write 2026-03-01T09:00+01:00, or +3d, +2h, +30m, +1w.
console-unknown-message = There is no message { $message }.
