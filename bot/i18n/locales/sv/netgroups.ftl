## netgroups — svensk katalog. Samma nycklar och samma { $argument } som den engelska (ett test kontrollerar).
## Argument inom { $klammer } fylls i av boten; det användaren skrivit visas som det skrevs.
## Kommandonas grammatik är engelsk: exempel som "{ $prefix }section join NAMN" och "visible:yes" står kvar.

## Kommando- och alternativnamn med beskrivningar (Discord visar dem på användarens språk).
cmd-help = hjälp
cmd-help-desc = Visa vad du kan be boten om
cmd-language = språk
cmd-language-desc = Välj vilket språk boten ska tala med dig
cmd-section = sektion
cmd-section-desc = Sektioner: grupper efter yrke, region eller tema
cmd-section-list = lista
cmd-section-list-desc = Visa sektionerna du kan gå med i
cmd-section-info = info
cmd-section-info-desc = Visa en sektion: syfte, samordnare, medlemmar
cmd-section-create = skapa
cmd-section-create-desc = Föreslå en ny sektion (du blir dess samordnare)
cmd-section-approve = godkänn
cmd-section-approve-desc = Godkänn en föreslagen sektion (för administratörer)
cmd-section-join = gå-med
cmd-section-join-desc = Gå med i en sektion
cmd-section-leave = lämna
cmd-section-leave-desc = Lämna en sektion
cmd-section-archive = arkivera
cmd-section-archive-desc = Arkivera en sektion (för dess samordnare)
cmd-section-bind = koppla
cmd-section-bind-desc = Gör den här kanalen till sektionens kanal (för samordnare)
cmd-section-coordinator = samordnare
cmd-section-coordinator-desc = En sektions samordnare
cmd-section-coordinator-add = lägg-till
cmd-section-coordinator-add-desc = Gör en medlem till samordnare för sektionen
cmd-section-coordinator-remove = ta-bort
cmd-section-coordinator-remove-desc = Låt en medlem sluta vara samordnare för sektionen
cmd-profile = profil
cmd-profile-desc = Din presentation: vem du är, vad du gör, vad du behöver
cmd-profile-set = ändra
cmd-profile-set-desc = Fyll i eller ändra din profil
cmd-profile-show = visa
cmd-profile-show-desc = Visa din eller någon annans profil
cmd-directory = katalog
cmd-directory-desc = Hitta medlemmar
cmd-directory-search = sök
cmd-directory-search-desc = Hitta medlemmar efter ort, yrke, företag eller namn

opt-section = sektion
opt-section-desc = Sektionen, med sitt kortnamn (t.ex. shiatsu)
opt-member = medlem
opt-member-desc = Medlemmen, med namn
opt-name = namn
opt-name-desc = Sektionens namn
opt-kind = typ
opt-kind-desc = profession (yrke), region eller theme (tema)
opt-slug = kortnamn
opt-slug-desc = Kort namn som används i kommandon (bokstäver, siffror och bindestreck)
opt-description = beskrivning
opt-description-desc = En mening om sektionen
opt-purpose = syfte
opt-purpose-desc = Vad vi har, vad vi behöver
opt-who = vem
opt-who-desc = Vem du är
opt-does = gör
opt-does-desc = Vad du gör
opt-needs = behöver
opt-needs-desc = Vad du behöver
opt-offers = erbjuder
opt-offers-desc = Vad du kan erbjuda andra
opt-place = plats
opt-place-desc = Var du arbetar eller bor (för ett möte: var det hålls)
opt-trade = yrke
opt-trade-desc = Ditt yrke eller din bransch
opt-company = företag
opt-company-desc = Ditt företag
opt-visible = synlig
opt-visible-desc = Visa din profil i medlemskatalogen (ja eller nej)
opt-query = sökord
opt-query-desc = Ord att söka efter
opt-topic = ämne
opt-topic-desc = Ett kommando eller en grupp, t.ex. section
opt-locale = språk
opt-locale-desc = en, sv eller da

## Namn
section-name-central = Nätverksgruppen
section-name-coordinators = Samordnargruppen
kind-central = central grupp
kind-coordinators = samordnare
kind-profession = yrke
kind-region = region
kind-theme = tema
status-proposed = föreslagen, väntar på godkännande
status-active = aktiv
status-archived = arkiverad
locale-en = engelska
locale-sv = svenska
locale-da = danska

## Hjälp
help-title = Det här kan du be mig om
help-topic-title = Hjälp: { $topic }
help-line = { $usage } — { $description }
help-option = • { $option }: { $description }
help-more = Skriv { $prefix }help section (eller profile, directory) för mer information.

## Sektioner
section-list-title = Sektioner ({ $count })
section-list-line = • { $section } — { $name } ({ $kind }, { $count ->
        [one] en medlem
       *[other] { $count } medlemmar
    })
section-list-proposed = • { $section } — { $name } (föreslagen, väntar på godkännande)
section-list-hint = Gå med i en sektion med { $prefix }section join NAMN.
section-info-title = { $name } ({ $section })
section-info-kind = Typ: { $kind }; status: { $status }
section-info-members = { $count ->
        [one] En medlem
       *[other] { $count } medlemmar
    }
section-info-coordinators = { $count ->
        [0] Ingen samordnare än
        [one] Samordnare: { $names }
       *[other] Samordnare: { $names }
    }
section-info-description = Om sektionen: { $text }
section-info-purpose = Vad vi har, vad vi behöver: { $text }
section-info-your-role = { $role ->
        [coordinator] Du är samordnare för den här sektionen.
        [member] Du är medlem.
       *[none] Du är inte medlem.
    }
section-proposed = Tack! Sektionen { $section } ({ $name }) är föreslagen. När en administratör har godkänt den blir du dess samordnare.
section-created = Sektionen { $section } ({ $name }) är öppen, och du är dess samordnare.
section-approved = Sektionen { $section } ({ $name }) är godkänd och öppen.
section-joined = Du har gått med i { $name } ({ $section }).
section-left = Du har lämnat { $name } ({ $section }).
section-archived = Sektionen { $section } ({ $name }) är arkiverad.
section-bound = Den här kanalen är nu kanalen för { $section }: möteskallelser och minnesanteckningar hamnar här.
error-bind-here = Skriv det här i den kanal eller det rum som ska bli sektionens.
section-coordinator-added = { $member } är nu samordnare för { $section }.
section-coordinator-removed = { $member } är inte längre samordnare för { $section }.
announce-section-opened = Ny sektion: { $name } ({ $section }).
announce-section-join-hint = Gå med i den med { $prefix }section join { $section }.
announce-section-proposed = { $member } föreslår en ny sektion: { $name } ({ $section }).
announce-section-approve-hint = En administratör kan godkänna den med { $prefix }section approve { $section }.

## Arkiverade sektioner: skrivskyddade kanaler, och att öppna dem igen (section unarchive)
cmd-section-unarchive = återöppna
cmd-section-unarchive-desc = Öppna en arkiverad sektion igen (för administratörer)
section-unarchived = Sektionen { $section } ({ $name }) är öppen igen.
error-section-not-archived = Sektionen { $section } är inte arkiverad.
section-archived-notice = { $name } ({ $section }) är arkiverad: kanalen är skrivskyddad från och med nu, och det som sagts här finns kvar att läsa. En administratör kan öppna den igen med { $prefix }section unarchive { $section }.
section-restored-notice = { $name } ({ $section }) är öppen igen: välkomna tillbaka!

## Discord: samordnare hanterar sin sektions meddelanden (netgroups check)
check-discord-perm-manage-messages = Hantera meddelanden

## Profiler och medlemskatalog
profile-title = Profil: { $member }
profile-field-who = Vem: { $text }
profile-field-does = Gör: { $text }
profile-field-needs = Behöver: { $text }
profile-field-offers = Erbjuder: { $text }
profile-field-place = Ort: { $text }
profile-field-trade = Yrke: { $text }
profile-field-company = Företag: { $text }
profile-empty = { $member } har inte skrivit någon profil än.
profile-saved = Din profil är sparad.
profile-now-visible = Din profil syns i medlemskatalogen.
profile-now-hidden = Din profil är dold i medlemskatalogen; visa den med { $prefix }profile set visible:yes.
language-set = Jag talar { $locale } med dig.
directory-title = Medlemmar som matchar ”{ $query }” ({ $count })
directory-line = • { $member } — Ort: { $place } · Yrke: { $trade } · Företag: { $company } · Gör: { $does }
directory-none = Ingen synlig profil matchar ”{ $query }”.
directory-more = Bara de första { $limit } visas; lägg till ett ord för att begränsa sökningen.
directory-hint = Se en hel profil med { $prefix }profile show NAMN.

## Fel
error-unexpected = Förlåt, något gick fel hos mig. Inget har ändrats; försök igen lite senare.
error-disk-full = Disken där jag sparar mina uppgifter är full, så jag kunde inte spara detta. Inget har ändrats; botens administratör behöver frigöra utrymme.
reply-sent-privately = Jag har svarat dig i ett direktmeddelande.
error-control-characters = Fältet { $field } innehåller styrtecken; skriv vanlig text.
error-line-break = Fältet { $field } ska vara en enda rad: skriv det utan radbrytningar.
error-too-long = Fältet { $field } är för långt: { $length } tecken, högst { $max }.
error-bad-slug = ”{ $slug }” kan inte vara ett kortnamn: använd 3 till 32 små bokstäver, siffror och bindestreck.
error-unknown-locale = Jag talar inte ”{ $locale }”; välj en, sv eller da.
error-unknown-member = Jag känner inte till någon medlem som heter ”{ $member }”.
error-ambiguous-member = { $count } medlemmar heter ”{ $member }”; var lite mer exakt.
error-missing-option = Fyll i fältet { $option }.{ $usage ->
        [none] {""}
       *[other] {" "}Så här skriver du: { $usage }
    }
error-section-exists = Det finns redan en sektion som heter { $section }; välj ett annat namn eller kortnamn.
error-not-proposed = Sektionen { $section } väntar inte på godkännande.
error-coordinators-automatic = Samordnarnas sektion sköter sig själv: alla sektioners samordnare är med där, och ingen går med eller lämnar den för hand.
error-already-member = Du är redan medlem i { $section }.
error-cannot-leave-builtin = Alla är med i { $section }; den går inte att lämna.
error-not-member = Du är inte medlem i { $section }.
error-cannot-archive-builtin = { $section } tillhör hela nätverket och kan inte arkiveras.
error-section-archived = Sektionen { $section } är arkiverad.
error-builtin-coordinators = { $section } har inga egna samordnare.
error-already-coordinator = { $member } är redan samordnare för { $section }.
error-not-coordinator = { $member } är inte samordnare för { $section }.
error-unknown-section = Det finns ingen sektion som heter ”{ $section }”. Se listan med { $prefix }section list.
error-section-not-approved = Sektionen { $section } är inte godkänd än.
error-last-coordinator = { $section } behöver en samordnare: lägg först till någon annan.
error-profile-nothing-to-set = Skriv vad du vill ändra, t.ex. place:Malmö. Fält: { $fields }, visible.
error-profile-hidden = { $member } har inte gjort sin profil synlig.
error-unbalanced-quotes = Ett citattecken är inte avslutat.
error-empty-command = Skriv { $prefix }help för att se vad du kan be mig om.
error-unknown-subcommand = Vad ska jag göra med { $group }? Välj ett av: { $choices }.
error-unknown-command-suggest = Jag känner inte till ”{ $command }”. Menade du { $prefix }{ $suggestion }?
error-unknown-command = Jag känner inte till ”{ $command }”. Skriv { $prefix }help för att se vad du kan be mig om.
error-option-twice = Fältet { $option } är angivet två gånger.
error-too-many-arguments = För mycket text till { $prefix }{ $command }: jag vet inte vad jag ska göra med ”{ $extra }”. Sätt citattecken runt text med mellanslag.
error-bad-choice = ”{ $value }” är inte ett giltigt värde för { $option }; välj ett av: { $choices }.
error-not-a-number = Fältet { $option } måste vara ett heltal, inte ”{ $value }”.
error-out-of-range = Fältet { $option } måste vara mellan { $min } och { $max }.
error-not-yes-no = Fältet { $option } måste vara ja eller nej, inte ”{ $value }”.
error-permission-admin = Bara en administratör får göra det.
error-permission-coordinator = Bara en samordnare för { $section } får göra det.
error-unknown-help-topic = Det finns ingen hjälp om ”{ $topic }”. Ämnen: { $groups }.

## Konsol
console-not-a-command = Kommandon börjar med / (prova /help); metarader börjar med : (:as NAMN, :in SEKTION, :time +1d, :react MEDD EMOJI, :locale sv).
console-bad-meta = Jag förstår inte ”:{ $line }”. Metarader: :as NAMN, :in SEKTION, :time ISO eller +3d, :react MEDD EMOJI, :unreact MEDD EMOJI, :locale sv.
console-bad-time = ”{ $value }” är ingen tidpunkt: skriv 2026-03-01T09:00+01:00, eller +3d, +2h, +30m, +1w.
console-unknown-message = Det finns inget meddelande { $message }.

## Möten: kommandon
cmd-meeting = möte
cmd-meeting-desc = En sektions återkommande möten
cmd-meeting-schedule = planera
cmd-meeting-schedule-desc = Lägg upp sektionens återkommande möte (för samordnare)
cmd-meeting-list = lista
cmd-meeting-list-desc = Visa mötesserien och de närmaste datumen
cmd-meeting-next = nästa
cmd-meeting-next-desc = Visa nästa möte: tid, plats, dagordning, svar
cmd-meeting-cancel = ställ-in
cmd-meeting-cancel-desc = Ställ in ett möte; serien fortsätter (för samordnare)
cmd-meeting-move = flytta
cmd-meeting-move-desc = Flytta ett möte till en annan dag eller tid (för samordnare)
cmd-meeting-edit = ändra
cmd-meeting-edit-desc = Ändra serien från och med ett datum (för samordnare)
cmd-meeting-end = avsluta
cmd-meeting-end-desc = Avsluta serien efter ett datum (för samordnare)
cmd-rsvp = osa
cmd-rsvp-desc = Svara ja, kanske eller nej till nästa möte (eller alltid/aldrig)
cmd-reminders = påminnelser
cmd-reminders-desc = Var du får mötespåminnelser: channel (kanalen), dm (direktmeddelande) eller none (inga)
cmd-agenda = dagordning
cmd-agenda-desc = Ett mötes dagordning
cmd-agenda-show = visa
cmd-agenda-show-desc = Visa dagordningen för nästa möte
cmd-agenda-add = lägg-till
cmd-agenda-add-desc = Lägg till en punkt och hur många minuter den får (för samordnare)
cmd-agenda-move = flytta
cmd-agenda-move-desc = Flytta en punkt till en annan plats (för samordnare)
cmd-agenda-time = tid
cmd-agenda-time-desc = Ändra hur många minuter en punkt får (för samordnare)
cmd-agenda-remove = ta-bort
cmd-agenda-remove-desc = Ta bort en punkt (för samordnare)
cmd-agenda-propose = föreslå
cmd-agenda-propose-desc = Föreslå en punkt som samordnarna kan godkänna
cmd-agenda-accept = godkänn
cmd-agenda-accept-desc = Godkänn en föreslagen punkt (för samordnare)
cmd-memo = minnesanteckningar
cmd-memo-desc = Minnesanteckningar från tidigare möten
cmd-memo-post = publicera
cmd-memo-post-desc = Publicera minnesanteckningarna från ett möte i sektionen (för samordnare)
cmd-memo-list = lista
cmd-memo-list-desc = De senaste minnesanteckningarna
cmd-memo-show = visa
cmd-memo-show-desc = Läs minnesanteckningar
cmd-memo-search = sök
cmd-memo-search-desc = Sök i minnesanteckningarna
cmd-section-needs = behov
cmd-section-needs-desc = Vad medlemmarna behöver, vanligast först: idéer till en gästtalare (för samordnare)

opt-rule = regel
opt-rule-desc = t.ex. "weekly tue", "every 2 weeks tue", "2nd tue", "1st,3rd thu"
opt-time = tid
opt-time-desc = Lokal tid, t.ex. 18:00
opt-duration = längd
opt-duration-desc = Längd i minuter, eller som 1h30
opt-start = start
opt-start-desc = Första möjliga datum, t.ex. 2026-03-10
opt-capacity = antal-platser
opt-capacity-desc = Hur många som kan komma; fler ja-svar hamnar på en väntelista
opt-date = datum
opt-date-desc = Mötets datum, t.ex. 2026-03-10 eller 10/3
opt-to = till
opt-to-desc = Det nya datumet
opt-from = från
opt-from-desc = Det första datumet som ändringen gäller
opt-answer = svar
opt-answer-desc = yes (ja), maybe (kanske), no (nej), always (alltid) eller never (aldrig)
opt-via = via
opt-via-desc = channel (kanalen), dm (direktmeddelande) eller none (inga)
opt-title = rubrik
opt-title-desc = Vad punkten handlar om
opt-minutes = minuter
opt-minutes-desc = Hur många minuter den får
opt-position = position
opt-position-desc = Dess plats på dagordningen, 1 = först
opt-item = punkt
opt-item-desc = Punktens nummer på dagordningen
opt-proposal = förslag
opt-proposal-desc = Förslagets nummer (syns på dagordningen)
opt-text = text
opt-text-desc = Minnesanteckningarna (skriv \n för ny rad)
opt-id = id
opt-id-desc = Minnesanteckningarnas nummer

## Möten: vad boten skickar ut
agenda-kind-welcome = Välkommen
agenda-kind-presentation = Presentationsrunda: vem du är, vad du gör, vad du behöver
agenda-kind-current = Aktuella frågor
agenda-kind-guest = Gästtalare
agenda-kind-discussion = Diskussion
agenda-kind-thanks = Tack och nästa möte
agenda-kind-custom = Punkt
meeting-when = När: { $when } ({ $zone }), { $minutes } minuter
meeting-place = Var: { $place }
call-title = Möteskallelse: { $section }
call-cancelled = Det här mötet är inställt.
agenda-heading = Dagordning:
agenda-line = { $number }. { $title } ({ $minutes } min)
agenda-proposed-line = Förslag #{ $id }: { $title } ({ $minutes } min), väntar på en samordnare
agenda-presenter = { "   " }– { $member }: { $who } · gör: { $does } · behöver: { $needs }
agenda-presenter-bare = { "   " }– { $member }
call-counts = Svar: ✅ { $yes } · 🤔 { $maybe } · ❌ { $no }{ $capacity ->
        [none] {""}
       *[other] {" "}(platser: { $capacity }{ $waiting ->
            [0] {""}
           *[other] , { $waiting } väntar
        })
    }
call-how-to-answer = Svara med { $yes } { $maybe } { $no } på det här meddelandet, eller med { $prefix }rsvp yes { $section }.
reminder-title = Påminnelse: { $section } träffas { $unit ->
        [day] { $count ->
            [1] i morgon
           *[other] om { $count } dagar
        }
        [hour] { $count ->
            [one] om { $count } timme
           *[other] om { $count } timmar
        }
       *[minute] { $count ->
            [one] om { $count } minut
           *[other] om { $count } minuter
        }
    }
reminder-coming = Kommer: { $names }. Kanske: { $maybe }.
memo-skeleton-date = Möte: { $when }
memo-skeleton-attendees = { $count ->
        [0] Närvarande: ingen svarade ja
       *[other] Närvarande ({ $count }): { $names }
    }
memo-skeleton-how = Publicera minnesanteckningarna för alla med { $prefix }memo post "TEXT" { $section }.
## Samordnarens sammanfattning (issue 14): högst ett direktmeddelande om dagen, vid samordnarens timme.
digest-title = { $count ->
        [one] Din sammanfattning: 1 sak behöver dig
       *[other] Din sammanfattning: { $count } saker behöver dig
    }
digest-section = { $name } ({ $section })
digest-item = • { $text }
digest-agenda = Mötet { $when } har fortfarande standarddagordningen; möteskallelsen skickas ut { $call }. Lägg till punkter med { $prefix }agenda add RUBRIK MINUTER section:{ $section } date:{ $date }.
digest-confirm = Mötet { $when } är inte bekräftat: möteskallelsen skickas ut { $call } först när du bekräftar det med { $prefix }meeting confirm { $date } { $section }.
digest-confirm-late = Mötet { $when } är inte bekräftat, så möteskallelsen har inte skickats. Bekräfta det med { $prefix }meeting confirm { $date } { $section } (eller ställ in det med { $prefix }meeting cancel { $date } { $section }).
digest-hold-or-cancel = Ingen har svarat ja eller kanske till mötet { $when }. Hålla det eller ställa in det? För att ställa in: { $prefix }meeting cancel { $date } { $section }. För att hålla det behöver du inte göra något.
digest-proposal = Föreslaget till { $when }: ”{ $title }” ({ $minutes } min). Godkänn med { $prefix }agenda accept { $id } { $section } { $date }.
digest-waitlist = { $waiting ->
        [one] 1 person väntar på en plats på mötet { $when } (platser: { $capacity }).
       *[other] { $waiting } personer väntar på en plats på mötet { $when } (platser: { $capacity }).
    }
digest-unanswered = Ingen har svarat på kallelsen till mötet { $when } än.
digest-memo = Mötet { $when } har inga minnesanteckningar än. En mall att fylla i:
digest-set-daily = Din sammanfattning kommer de dagar något behöver dig, kl. { $hour }:00 ({ $zone }), och på måndagar med allt som fortfarande är öppet.
digest-set-weekly = Din sammanfattning kommer på måndagar kl. { $hour }:00 ({ $zone }); andra dagar bara med det som inte kan vänta.
digest-set-off = Ingen sammanfattning: du får bara det som inte kan vänta, kl. { $hour }:00 ({ $zone }).
digest-not-coordinating = Du samordnar ingen sektion just nu, så det finns inget att berätta än.
error-digest-hour = { $hour }:00 är mitt i natten: välj en timme från { $earliest } till { $latest }, t.ex. { $prefix }digest hour:9.
cmd-digest = digest
cmd-digest-desc = Hur ofta och när din sammanfattning som samordnare kommer: daily, weekly eller off, och hour:HH
opt-mode = mode
opt-mode-desc = daily (dagligen), weekly (varje vecka) eller off (av)
opt-hour = hour
opt-hour-desc = Den lokala timmen den kommer, 8 till 20
cmd-meeting-confirm = confirm
cmd-meeting-confirm-desc = Bekräfta ett möte så att kallelsen skickas ut (en serie med calls:confirmed; för samordnare)
opt-calls = calls
opt-calls-desc = all: kallelse till varje möte; confirmed: bara till möten som en samordnare har bekräftat
meeting-confirm-calls = Kallelser skickas bara ut till möten som en samordnare har bekräftat (meeting confirm DATUM).
meeting-confirmed = Mötet i { $section } { $when } är bekräftat: kallelsen skickas ut.
meeting-not-confirmed = Inte bekräftat än: mötet blir av när en samordnare bekräftar det (då skickas kallelsen ut).
error-confirm-not-needed = Mötena i { $section } behöver inte bekräftas: varje kallelse skickas ut. (För att ändra det: meeting edit DATUM calls:confirmed.)
memo-title = Minnesanteckningar #{ $id }: { $section }
memo-of-meeting = Möte { $when }, skrivna av { $author }
memo-by = Skrivna av { $author }
memo-body = { $text }
meeting-cancelled-title = Inställt: { $section }
meeting-cancelled = Mötet i { $section } { $when } är inställt. Nästa möte blir som vanligt.
rsvp-promoted-title = Du har fått en plats
rsvp-promoted = En plats blev ledig: du står på listan för { $section } { $when }.

## Möten: svar
meeting-scheduled = Möten i { $section } är inplanerade
meeting-series = { $rule }, kl. { $time } ({ $zone }), { $minutes } minuter
meeting-capacity = Antal platser: { $capacity }
meeting-next-date = • { $when }
meeting-cadence = Möteskallelsen skickas ut { $days ->
        [one] en dag
       *[other] { $days } dagar
    } före varje möte, tillsammans med dagordningen.
meeting-list-title = Möten i { $section }
meeting-next-title = Nästa möte i { $section }
meeting-cancelled-done = Mötet i { $section } { $when } är inställt; serien fortsätter.
meeting-moved = Mötet i { $section } är flyttat till { $when }.
meeting-edited = Mötena i { $section } ändras från och med { $day }
meeting-ended = Mötena i { $section } upphör efter { $day }.
answer-yes = ja
answer-maybe = kanske
answer-no = nej
rsvp-saved = Noterat: { $answer } till { $section } { $when }.
rsvp-waitlisted = Mötet i { $section } { $when } är fullt: du står på väntelistan, och jag hör av mig om en plats blir ledig.
rsvp-always = Du kommer alltid till { $section }: du räknas in på varje möte tills du skriver { $prefix }rsvp never.
rsvp-never = Du svarar inte längre ja automatiskt till { $section }.
rsvp-joined = Du har gått med i { $section } och { $choice ->
        [maybe] kanske kommer { $when }
       *[yes] kommer { $when }
    }. Dess möten når dig från och med nu; gå ur med { $prefix }section leave { $section }.
rsvp-joined-waitlisted = Du har gått med i { $section }. Mötet { $when } är fullt: du står på väntelistan, och jag hör av mig om en plats blir ledig.
rsvp-always-joined = Du har gått med i { $section } och kommer alltid: du räknas in på varje möte tills du skriver { $prefix }rsvp never.
error-closed-section = Bara medlemmar i { $section } svarar på och föreslår till dess möten, och ingen går med i den för hand: alla som samordnar en sektion är med. En administratör kan göra dig till samordnare med { $prefix }section coordinator add SEKTION NAMN.
error-propose-join-first = Bara medlemmar i { $section } föreslår punkter till dess möten. Gå med genom { $prefix }section join { $section } och föreslå sedan igen.
reminders-set = Mötespåminnelser: { $via }.
reminders-via-channel = i sektionens kanal
reminders-via-dm = som direktmeddelande
reminders-via-dm-on = som direktmeddelande på { $platform }
reminders-via-none = inga
agenda-title = Dagordning: { $section }
agenda-total = { $planned } av { $duration } minuter är planerade.
agenda-added = ”{ $title }” ({ $minutes } min) är tillagd som punkt { $position }.
agenda-moved = Punkt { $number } är nu punkt { $position }.
agenda-resized = Punkt { $number } får nu { $minutes ->
        [one] en minut
       *[other] { $minutes } minuter
    }.
agenda-removed = Punkt { $number } är borttagen.
agenda-proposed = Tack! ”{ $title }” är föreslagen (#{ $id }); en samordnare för { $section } kan godkänna den.
agenda-accepted = ”{ $title }” står nu på dagordningen som punkt { $position }.
memo-posted = Minnesanteckningar #{ $id } är publicerade i { $section }.
memo-line = • #{ $id } { $section }, { $date }: { $text }
memo-none = Inga minnesanteckningar än.
memo-list-title = Senaste minnesanteckningarna ({ $count })
memo-show-title = Minnesanteckningar #{ $id }, { $section }, { $date }
memo-search-none = Inga minnesanteckningar nämner ”{ $query }”.
memo-search-title = Minnesanteckningar som nämner ”{ $query }” ({ $count })
needs-title = Vad medlemmarna i { $section } behöver
needs-line = • { $topic } ({ $count ->
        [one] en medlem
       *[other] { $count } medlemmar
    })
needs-none = Ingen synlig profil i { $section } har skrivit något behov än.
needs-hint = En gästtalare om de vanligaste ämnena gagnar flest medlemmar.

## Möten: fel
error-bad-rule = Jag förstår inte regeln ”{ $rule }”. Skriv t.ex. "weekly tue", "every 2 weeks tue", "2nd tue", "1st,3rd thu", "last fri" eller en RRULE.
error-ambiguous-rule = ”{ $rule }” kan betyda två saker: skriv "every 2 weeks tue" (varannan vecka) eller "2nd tue" (den andra tisdagen i månaden).
error-unknown-timezone = ”{ $zone }” är ingen tidszon jag känner till; använd ett namn som Europe/Stockholm.
error-bad-time = ”{ $value }” är inget klockslag; skriv t.ex. 18:00.
error-bad-date = ”{ $value }” är inget datum; skriv t.ex. 2026-03-10 eller 10/3.
error-date-out-of-range = ”{ $value }” ligger för långt bort: jag tar datum från { $earliest } till { $latest } (ett år bakåt, tio år framåt).
error-bad-duration = ”{ $value }” är ingen längd mellan 15 minuter och 12 timmar; skriv t.ex. 90 eller 1h30.
error-series-exists = { $section } har redan en mötesserie; ändra den med { $prefix }meeting edit.
error-no-series = { $section } har inga inplanerade möten; en samordnare kan starta dem med { $prefix }meeting schedule.
error-no-upcoming = { $section } har inget kommande möte.
error-no-meeting-on = { $section } har inget möte { $day }.
error-already-cancelled = Mötet i { $section } { $day } är redan inställt.
error-move-into-past = Ett möte kan inte flyttas bakåt i tiden.
error-edit-past = En ändring kan börja tidigast i dag, inte { $day }.
error-edit-nothing = Skriv vad som ska ändras: rule, time, duration, place eller capacity.
error-meeting-started = Det mötet har redan börjat.
error-meeting-cancelled = Det mötet är inställt.
error-meeting-over = Det mötet är redan över.
error-agenda-overrun = Då skulle mötet på { $duration } minuter dra över med { $minutes ->
        [one] en minut
       *[other] { $minutes } minuter
    }. Korta av eller ta bort en punkt först.
error-no-agenda-item = Det finns ingen punkt { $number }; dagordningen har { $count ->
        [one] en punkt
       *[other] { $count } punkter
    }.
error-no-proposal = Det finns inget öppet förslag #{ $id }.
error-unknown-memo = Det finns inga minnesanteckningar #{ $id }.
console-time-backwards = Tiden går bara framåt här; { $value } har redan passerat.

## Återkommande regler i ord
rule-raw = Regel { $rule }
rule-weekly = Varje { $days }
rule-every-weeks = Var { $n }:e vecka på { $days }
rule-monthly = Varje månad: { $which }
rule-ordinals-day = { $ordinals } { $day }en
rule-ordinal = { $n ->
        [1] 1:a
        [2] 2:a
        [3] 3:e
        [-1] sista
       *[other] { $n }:e
    }

## Länka konton på flera plattformar
cmd-profile-link = länka
cmd-profile-link-desc = Länka dina konton på Discord och Matrix till en medlem
cmd-profile-unlink = avlänka
cmd-profile-unlink-desc = Skilj ut ditt konto på en plattform igen
opt-code = kod
opt-code-desc = Koden du fick från profile link på ditt andra konto
opt-platform = plattform
opt-platform-desc = discord, matrix eller console
link-code = Din kod är { $code }. Skriv { $prefix }profile link { $code } från ditt konto på den andra plattformen inom { $minutes } minuter. Den fungerar en gång.
link-done = Länkat: båda kontona är nu { $member }, med ett svar per möte.
unlink-done = Ditt { $platform }-konto är en egen medlem igen; din historik stannar här.
error-link-code-unknown = Den koden känner jag inte till, eller så är den redan använd. Be om en ny med profile link.
error-link-code-expired = Koden har gått ut (de gäller i 10 minuter). Be om en ny med profile link.
error-link-same-account = Skriv koden från ditt andra konto, inte från det som bad om den.
error-link-same-platform = Båda kontona finns på { $platform }: en kod länkar konton på två olika plattformar.
error-unlink-none = Du har inget länkat { $platform }-konto.
error-unlink-last = Det är ditt enda konto: det finns inget att skilja ut.

## Medlemmarnas egna uppgifter: hämta och radera
cmd-mydata = minadata
cmd-mydata-desc = Det boten sparar om dig: hämta en kopia eller låt radera det
cmd-mydata-export = hämta
cmd-mydata-export-desc = Få allt boten sparar om dig, som en sammanfattning och en fil
cmd-mydata-erase = radera
cmd-mydata-erase-desc = Radera allt boten sparar om dig (du får bekräfta)
cmd-member = medlem
cmd-member-desc = Gemenskapens medlemmar (för administratörer)
cmd-member-erase = radera
cmd-member-erase-desc = Radera allt som sparas om en medlem (för administratörer; du får bekräfta)
opt-confirm = bekräfta
opt-confirm-desc = Koden från första steget, som bekräftelse
mydata-title = Det här sparar jag om dig i { $community }
mydata-name = Namn: { $name }
mydata-accounts = Konton: { $accounts }
mydata-sections = Sektioner: { $sections }
mydata-rows = { $what }: { $count }
mydata-file = Allt, tabell för tabell, finns i filen { $file } (JSON, för dig eller en annan tjänst att läsa).
mydata-erase-hint = För att radera allt: { $prefix }mydata erase
mydata-table-members = Medlemsuppgifter
mydata-table-identities = Konton på chattplattformar
mydata-table-memberships = Sektioner du är med i, och din roll där
mydata-table-profiles = Profil
mydata-table-profile_words = Ord som din profil hittas med
mydata-table-sections = Sektioner du föreslagit
mydata-table-rsvps = Svar på möten
mydata-table-standing_rsvps = Stående svar (”kommer alltid”)
mydata-table-agenda_items = Dagordningspunkter du föreslagit
mydata-table-memos = Minnesanteckningar du skrivit
mydata-table-meeting_series = Mötesserier du lagt upp
mydata-table-outbox = Meddelanden och utskick till dig
mydata-table-platform_state = Bokföring om dig (direktsamtal, koder)
mydata-erase-ask = Det här raderar allt jag sparar om dig i { $community }: dina konton här, profil, sektioner, svar, påminnelser och bokföring. Minnesanteckningar du skrivit finns kvar, undertecknade ”en tidigare medlem”. Du kan komma tillbaka senare som ny medlem.
mydata-erase-confirm-how = Skriv { $prefix }mydata erase confirm:{ $code } inom { $minutes } minuter för att fortsätta. Annars händer ingenting.
mydata-erased = Klart: allt jag sparade om dig är raderat. Skriver du till mig igen börjar du som ny medlem.
member-erase-ask = Det här raderar allt som sparas om { $member } i { $community }: konton, profil, sektioner, svar, påminnelser och bokföring. Minnesanteckningar hen skrivit finns kvar, undertecknade ”en tidigare medlem”.
member-erase-confirm-how = Skriv { $prefix }member erase "{ $member }" confirm:{ $code } inom { $minutes } minuter för att fortsätta. Annars händer ingenting.
member-erased = { $member } är raderad: ingenting sparas om hen längre.
error-erase-code = Det är inte koden du fick för att radera { $member }, eller så har den gått ut (koder gäller i 10 minuter). Ingenting raderades; be om en ny kod.
memo-former-member = en tidigare medlem
console-file-saved = 📎 { $file } ({ $size } byte)

## Känsliga sektioner: vilka som är med är medlemmarnas sak
cmd-section-sensitive = känslig
cmd-section-sensitive-desc = Ange om medlemskapet i sektionen är känsligt (för dess samordnare)
opt-sensitive = känslig
opt-sensitive-desc = yes: namn visas bara för sektionens medlemmar; no: som i andra sektioner
section-now-sensitive = Sektionen { $section } är känslig nu: vilka som är med, vilka som kommer på mötena och minnesanteckningarna visas bara för medlemmarna.
section-now-not-sensitive = Sektionen { $section } är inte längre känslig: mötesinbjudningarna visar åter vilka som kommer.
section-info-sensitive = Medlemskapet är känsligt: namn visas bara för medlemmarna.
agenda-presenters-private = (vilka som kommer visas för sektionens medlemmar: { $prefix }meeting next { $section })
error-builtin-sensitive = { $section } är allas (eller alla samordnares) sektion: medlemskapet i den kan inte vara känsligt.
error-already-sensitive = Sektionen { $section } är redan känslig.
error-already-not-sensitive = Sektionen { $section } är inte känslig.
error-sensitive-members-only = Det som skrivs i { $section } är bara för dess medlemmar.

## Gemenskapens första administratör: ett privat välkomnande med nästa steg
welcome-admin-title = Välkommen, administratör för { $community }
welcome-admin-intro = Du är gemenskapens administratör för { $community }: du godkänner sektioner och får använda alla kommandon. Tre steg för att komma igång:
welcome-admin-step-section = 1. Öppna en sektion, en grupp efter yrke, region eller tema: { $prefix }section create Shiatsu. Den får en egen kanal, och du blir dess samordnare.
welcome-admin-step-meeting = 2. Planera dess möte, skrivet i sektionens kanal: { $prefix }meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus". Jag skickar möteskallelsen i god tid, med reaktioner att svara med, och påminner dem som kommer.
welcome-admin-step-members = 3. Bjud in medlemmarna: { $platform ->
        [matrix] be dem skriva till mig i ett direktmeddelande; de går med i en sektion med { $prefix }section join shiatsu, och jag bjuder in dem till utrymmet och till sektionens rum.
       *[other] alla på servern kan prata med mig; de går med i en sektion med { $prefix }section join shiatsu, och dess möten når dem från och med då.
    }
welcome-admin-more = { $prefix }help visar allt du kan fråga om, och { $prefix }section list visar sektionerna.

## netgroups check: driftansvarigas tabell (✔ bra, ⚠ värt att veta, ✖ att åtgärda; → vad du gör)
check-area-settings = inställningar
check-area-database = databas
check-area-discord = Discord
check-area-matrix = Matrix
check-area-web = webb
check-web-answering = Sidorna och kalenderflödena svarar på { $listen }.
check-web-free = { $listen } är ledig: netgroups run visar sidorna och kalenderflödena där.
check-web-silent = Ingenting svarar på { $listen }, där sidorna och kalenderflödena ska finnas.
check-web-foreign = Något annat än netgroups svarar på { $listen }.
check-web-unusable = netgroups kan inte lyssna på { $listen }: { $reason }.
check-fix-web-port = Stoppa det som håller porten, eller välj en annan i [web] listen (NETGROUPS_WEB_LISTEN).
check-web-links = Länkar i möteskallelser och flöden börjar med { $base }.
check-web-links-local = Länkar i möteskallelser och flöden skulle börja med http://{ $listen }, en adress som bara den här datorn kan öppna.
check-fix-web-base-url = Sätt [web] base_url (NETGROUPS_WEB_BASE_URL) till adressen medlemmarna når, t.ex. https://net.example.org bakom er omvända proxy.
check-summary-ok = Allt som netgroups behöver finns på plats.
check-summary-failed = { $count ->
        [one] En sak att åtgärda (✖) innan netgroups kan köra som det ska.
       *[other] { $count } saker att åtgärda (✖) innan netgroups kan köra som det ska.
    }
check-settings-ok = Inställningarna är giltiga; konfigurerat: { $platforms }.
check-settings-refused = Inställningarna kan inte användas: { $reason }
check-fix-settings = Rätta inställningen i konfigurationsfilen eller miljön (config.example.toml beskriver varje inställning).
check-settings-no-platform = Ingen chattplattform är konfigurerad.
check-fix-no-platform = Sätt [discord] token (NETGROUPS_DISCORD_TOKEN), eller [matrix] homeserver, user_id och access_token eller password.
check-database-ok = { $where } kan användas (schemarevision { $revision }).
check-database-new = { $where } finns inte än: den skapas vid första starten, med { $count ->
        [one] en migrering
       *[other] { $count } migreringar
    }.
check-database-migrations = { $count ->
        [one] En migrering
       *[other] { $count } migreringar
    } skulle köras: { $revisions }.
check-fix-database-migrations = De körs av sig själva vid nästa start; säkerhetskopiera databasen först.
check-database-newer = { $where } skrevs av en nyare netgroups (schemarevision { $revision }).
check-fix-database-newer = Uppgradera netgroups till versionen som skrev den: den här vägrar starta på den.
check-database-refused = Databasen kan inte användas: { $reason }
check-fix-database = Åtgärda det som raden ovan nämner: netgroups vägrar starta tills dess.
check-database-idle = Ingen netgroups-process använder { $where }.
check-fix-start = Starta boten (netgroups run), eller se efter i dess logg varför den stannade.
check-platform-timeout = { $platform } svarade inte inom { $seconds } sekunder.
check-fix-platform-timeout = Kontrollera datorns nätverk och brandvägg, och försök igen.
check-platform-broke = Kontrollen av { $platform } stannade på ett oväntat { $error } (se loggen ovan).
check-fix-platform-broke = Försök igen; om det händer igen, rapportera det med loggen.

check-discord-guild-setting = Inställningen discord.guild_id är { $value }, vilket inte är ett server-id.
check-fix-discord-guild-setting = Skriv serverns id (bara siffror): slå på Utvecklarläge i Discord, högerklicka på servern och välj Kopiera server-ID.
check-discord-token-refused = Discord vägrade botens token.
check-fix-discord-token = Öppna din applikation i utvecklarportalen → Bot → Reset Token, och lägg den nya token i NETGROUPS_DISCORD_TOKEN.
check-discord-unreachable = Discord kan inte nås: { $reason }
check-fix-discord-unreachable = Kontrollera att datorn når discord.com över HTTPS (nätverk, brandvägg, proxy).
check-discord-logged-in = Inloggad som { $user } (applikation { $application }).
check-discord-intents-ok = Intents: { $intents }; ingen av dem privilegierad.
check-discord-intents-off = Boten ber om privilegierade intents som applikationen inte har: { $intents }.
check-fix-discord-intents = Öppna din applikation i utvecklarportalen → Bot → Privileged Gateway Intents och slå på dem.
check-discord-endpoint = Applikationen skickar interaktioner till { $url }, så snedstreckskommandon når aldrig boten.
check-fix-discord-endpoint = Öppna din applikation i utvecklarportalen → General Information och töm Interactions Endpoint URL.
check-discord-no-guild = Boten är inte med i någon server än.
check-discord-not-in-guild = Boten är inte med i servern { $guild } (discord.guild_id).
check-fix-discord-invite = Bjud in den med den här länken (den ber om rätt behörigheter): { $url }
check-discord-perm-view-channel = Visa kanaler
check-discord-perm-send-messages = Skicka meddelanden
check-discord-perm-embed-links = Bädda in länkar
check-discord-perm-add-reactions = Lägg till reaktioner
check-discord-perm-read-message-history = Läs meddelandehistorik
check-discord-perm-manage-channels = Hantera kanaler
check-discord-perm-manage-roles = Hantera roller
check-discord-permissions-ok = { $guild }: boten har alla behörigheter den behöver.
check-discord-permissions-missing = { $guild }: boten saknar { $missing }.
check-fix-discord-permissions = Serverinställningar → Roller → { $role }: slå på { $missing }. Eller bjud in boten igen med { $url }
check-discord-roles-ok = { $guild }: botens roll { $role } ligger över { $count ->
        [0] sektionernas roller (inga än)
        [one] den enda sektionsrollen
       *[other] alla { $count } sektionsroller
    }.
check-discord-roles-above = { $guild }: de här sektionsrollerna ligger inte under botens roll { $role }, så den kan inte ge eller ta dem: { $roles }.
check-fix-discord-roles = Serverinställningar → Roller: dra { $role } ovanför sektionsrollerna.
check-discord-roles-gone = { $guild }: rollerna för de här sektionerna har tagits bort: { $sections }.
check-fix-discord-roles-gone = Deras medlemmar märks inte längre med en roll; kanaler och möten fungerar som förut.
check-discord-commands-ok = { $guild }: { $count } snedstreckskommandon, så som den här versionen av netgroups definierar dem.
check-discord-commands-pending = { $guild }: { $count ->
        [one] ett snedstreckskommando skiljer sig
       *[other] { $count } snedstreckskommandon skiljer sig
    } från den här versionens.
check-fix-discord-commands = Inget att göra: boten uppdaterar dem när den startar.
check-discord-commands-changed = { $guild }: snedstreckskommandona har ändrats på Discord sedan boten senast satte dem: { $commands }.
check-fix-discord-commands-changed = Boten sätter dem bara när dess egna ändras: ta bort dess anteckning (tabellen platform_state, plattform discord, nyckel { $record }) och starta om den.
check-discord-commands-unreadable = { $guild }: boten får inte läsa serverns snedstreckskommandon.

check-matrix-no-user = Inställningen matrix.user_id saknas.
check-fix-matrix-no-user = Sätt matrix.user_id (NETGROUPS_MATRIX_USER_ID) till botens konto, t.ex. @netgroups:example.org.
check-matrix-unreachable = Hemservern { $homeserver } kan inte nås: { $reason }
check-matrix-not-matrix = { $homeserver } svarar inte som en Matrix-hemserver (HTTP { $status }).
check-fix-matrix-unreachable = Kontrollera matrix.homeserver (adressen till serverns klient-API, t.ex. https://matrix.example.org), att hemservern är igång, och att { $homeserver }/_matrix/client/versions går att öppna från den här datorn.
check-matrix-reachable = Hemservern { $homeserver } svarar (Matrix { $version }).
check-matrix-no-credentials = Varken en åtkomsttoken eller ett lösenord är inställt för boten.
check-fix-matrix-no-credentials = Sätt matrix.access_token (NETGROUPS_MATRIX_ACCESS_TOKEN) med matrix.device_id, eller matrix.password (NETGROUPS_MATRIX_PASSWORD).
check-matrix-session-unreadable = Den sparade sessionen { $file } kan inte läsas.
check-fix-matrix-session = Ta bort { $file }: boten loggar då in igen med matrix.password.
check-matrix-password-refused = Hemservern vägrade lösenordet för { $user } ({ $reason }).
check-fix-matrix-password = Kontrollera matrix.password (NETGROUPS_MATRIX_PASSWORD), eller använd en åtkomsttoken i stället.
check-matrix-token-refused = Hemservern vägrade botens åtkomsttoken ({ $reason }).
check-fix-matrix-token = Skapa en ny åtkomsttoken för botens konto (logga in som det, t.ex. med curl mot /_matrix/client/v3/login) och sätt NETGROUPS_MATRIX_ACCESS_TOKEN och matrix.device_id.
check-matrix-token-other = Åtkomsttoken tillhör { $user }, inte { $configured }.
check-fix-matrix-token-other = Använd en token för { $configured }, eller rätta matrix.user_id.
check-matrix-no-device = Hemservern säger inte vilken enhet åtkomsttoken hör till.
check-fix-matrix-no-device = Sätt matrix.device_id (enhets-id:t du fick med token).
check-matrix-by-token = åtkomsttoken
check-matrix-by-session = session sparad vid första inloggningen
check-matrix-by-password = lösenord (en testinloggning, utloggad igen)
check-matrix-logged-in = Inloggad som { $user } ({ $how }).
check-matrix-space-none = Inget space än.
check-fix-matrix-space-none = Boten skapar ett vid första starten. Vill ni använda föreningens space i stället, sätt matrix.space_id och bjud in boten dit.
check-matrix-place-space = spacet { $space }
check-matrix-place-room = rummet för sektionen { $section } ({ $room })
check-matrix-power-creator = I { $place }: med, som dess skapare (går före alla behörighetsnivåer).
check-matrix-power-ok = I { $place }: med, med behörighetsnivå { $level }, vilket räcker för det den gör där.
check-matrix-power-low = I { $place }: behörighetsnivå { $level }, men { $needed } behövs för att { $actions }.
check-fix-matrix-power = Ge { $user } behörighetsnivå { $needed } eller mer i { $place } (Element: dess inställningar → Roller och behörigheter).
check-matrix-need-invite = bjuda in medlemmar
check-matrix-need-space-child = lista sektionsrum i spacet
check-matrix-need-message = skicka meddelanden
check-matrix-need-reaction = lägga till reaktioner
check-matrix-invited = Inbjuden till { $place }, inte med än.
check-fix-matrix-invited = Inget att göra: boten tackar ja till inbjudan när den körs; kontrollera sedan igen dess behörighetsnivå där.
check-matrix-not-in = Boten är inte med i { $place }.
check-fix-matrix-not-in = Bjud in { $user } till { $room }: boten tackar ja till inbjudningar när den körs.
check-matrix-state-unreadable = Boten kan inte läsa { $place } ({ $reason }).
check-fix-matrix-state = Kontrollera att rummet finns kvar och att boten fortfarande är med i det.
check-matrix-rooms-ok = { $count ->
        [0] Inga sektionsrum än.
        [one] Boten är med i det enda sektionsrummet, med den behörighet den behöver.
       *[other] Boten är med i alla { $count } sektionsrum, med den behörighet den behöver.
    }
check-matrix-exempt = Boten är undantagen från hemserverns hastighetsgränser.
check-matrix-not-exempt = Boten är inte undantagen från hemserverns hastighetsgränser: den klarar sig, men kallelser till många rum går ut långsamt.
check-matrix-exempt-unknown = Undantag från hastighetsgränser: okänt (bara en hemserveradministratörs token får fråga).
check-fix-matrix-exempt = Be hemserverns administratör att undanta { $user } (se README, Running on Matrix).

## Hälsorapport (section health): bara summor, aldrig en medlems namn.
cmd-section-health = hälsa
cmd-section-health-desc = En sektions hälsa i siffror och ett diagram (samordnare; alla sektioner för administratörer)
health-title = Sektionernas hälsa, { $period }
health-section = { $name } ({ $section })
health-trend-up = uppåt
health-trend-down = nedåt
health-trend-same = oförändrat
health-meetings = Hållna möten: { $now } (förut: { $before }, { $trend })
health-answers = Ja och kanske per möte: { NUMBER($now, maximumFractionDigits: 1) } (förut: { NUMBER($before, maximumFractionDigits: 1) }, { $trend })
health-answers-split = Svar: { $yes } ja, { $maybe } kanske
health-new-members = Nya medlemmar: { $now } (förut: { $before }, { $trend })
health-memos = Publicerade minnesanteckningar: { $now } (förut: { $before }, { $trend })
health-note = De senaste { $months } månaderna jämfört med de { $months } före. Bara antal: ingen nämns vid namn.
health-chart-title = Sektionerna, { $period }
health-chart-current = senaste { $months } månaderna
health-chart-previous = de { $months } månaderna före
health-chart-meetings = Hållna möten
health-chart-answers = Ja och kanske per möte
health-chart-new-members = Nya medlemmar
health-chart-memos = Minnesanteckningar

## Den månatliga hälsorapporten i samordnarnas sektion: bara antal, ingen nämns, ingen rangordning.
health-month = { $month ->
    [1] januari
    [2] februari
    [3] mars
    [4] april
    [5] maj
    [6] juni
    [7] juli
    [8] augusti
    [9] september
    [10] oktober
    [11] november
   *[12] december
} { $year }
health-monthly-title = Så gick det för sektionerna i { $month }
health-monthly-intro = Siffror för { $month }, jämfört med { $before }.
health-monthly-all = { $count ->
    [one] Alla sektioner (1)
   *[other] Alla sektioner ({ $count })
}
health-monthly-sensitive = { $count ->
    [one] En sektion är känslig: den räknas med i raden för alla sektioner men nämns inte.
   *[other] { $count } sektioner är känsliga: de räknas med i raden för alla sektioner men nämns inte.
}
health-monthly-note = Bara antal: ingen nämns vid namn, och sektionerna står i bokstavsordning, inte rangordnade. En samordnare ser sin sektions senaste tre månader med /section health.

## meeting held: ett möte som ingen tackat ja till får ändå sitt minnesunderlag och sin påminnelse
cmd-meeting-held = hållet
cmd-meeting-held-desc = Markera ett möte som hållet: minnesunderlaget går ut även utan ja (för samordnare)
meeting-held-done = Mötet i { $section } { $when } är markerat som hållet; samordnarnas sammanfattning ber om minnesanteckningar, med en mall.
error-held-none = Inget möte i { $section } har börjat ännu.
error-held-ahead = Mötet i { $section } { $when } har inte börjat ännu; markera det som hållet när det har börjat.
error-held-cancelled = Mötet i { $section } { $when } är inställt och kan därför inte markeras som hållet.

## Överlämning och att kliva av (issue 14).
cmd-section-handover = lämna-över
cmd-section-handover-desc = Erbjud en medlem din plats som sektionens samordnare (hen tackar ja)
cmd-section-coordinator-accept = ta-emot
cmd-section-coordinator-accept-desc = Tacka ja till en överlämning och samordna sektionen
cmd-section-coordinator-decline = avböj
cmd-section-coordinator-decline-desc = Tacka nej till en överlämning
cmd-section-coordinator-step-down = kliva-av
cmd-section-coordinator-step-down-desc = Sluta samordna en sektion (en administratör kan godkänna det för den sista samordnaren)
handover-offered-title = Vill du samordna { $section }?
handover-offered = { $member } vill lämna över { $name } ({ $section }) till dig: du blir dess samordnare och { $member } kliver av.
handover-how-to-answer = Tacka ja: { $prefix }section coordinator accept { $section }. Tacka nej: { $prefix }section coordinator decline { $section }. Erbjudandet gäller till { $until }; fram till dess ändras inget.
handover-offer-sent = { $member } har fått frågan privat om att ta över { $section }. Du är samordnare tills hen tackar ja.
handover-accepted = Du samordnar nu { $section }. Tack för att du tar dig an det!
handover-previous-stepped-down = { $member } har klivit av och är kvar i { $section } som medlem.
handover-accepted-told = { $member } tackade ja till din överlämning: hen samordnar nu { $section }, och du är medlem där. Tack för allt du har gjort!
handover-declined = Du tackade nej till att samordna { $section }; inget har ändrats.
handover-declined-told = { $member } tackade nej till att ta över { $section }. Du är fortfarande samordnare.
step-down-done = { $member } samordnar inte längre { $section } och är kvar där som medlem.
step-down-left-none = { $section } har ingen samordnare nu: föreningens administratörer får veta det, med förslag på vem som kan ta över.
error-handover-not-coordinator = Bara en samordnare för { $section } kan lämna över den (en administratör kan använda { $prefix }section coordinator add).
error-handover-self = Du samordnar redan { $section }: ange vilken medlem du vill lämna över till.
error-no-handover = Ingen har erbjudit dig att samordna { $section }.
error-handover-expired = Erbjudandet att samordna { $section } har gått ut; inget har ändrats. Be samordnaren att erbjuda det igen.
error-step-down-last = { $member } är den enda samordnaren för { $section }, och en sektion behöver en. Lämna över först ({ $prefix }section handover MEDLEM), eller be en administratör godkänna: { $prefix }section coordinator step-down { $section } { $member }

## Kontinuitet: vem som kan tillfrågas att samordna, sektioner utan samordnare, sektioner som tappar (issue 14).
cmd-profile-ask-to-coordinate = fråga-om-samordning
cmd-profile-ask-to-coordinate-desc = Om du får föreslås när en sektion behöver en samordnare
opt-willing = villig
opt-willing-desc = yes: du får föreslås; no: du föreslås inte
cmd-section-what-works = vad-fungerar
cmd-section-what-works-desc = Om samordnarmötet får nämna sektionen när fler kommer till dess möten
opt-share = dela
opt-share-desc = yes: samordnarmötet får nämna sektionen när fler kommer till dess möten
ask-to-coordinate-yes = Tack! När en sektion du är med i behöver en samordnare kan föreningens administratörer föreslå dig. Du kan ändra dig när som helst: { $prefix }profile ask-to-coordinate no
ask-to-coordinate-no = Noterat: du föreslås inte som samordnare.
what-works-shared = När fler kommer till mötena i { $section } nämns sektionen under "vad som fungerar" på samordnarmötet, så att andra kan lära av er.
what-works-not-shared = { $section } nämns inte på samordnarmötet.
watch-uncoordinated-title = { $name } ({ $section }) behöver en samordnare
watch-uncoordinated-none = { $section } har ingen samordnare längre.
watch-uncoordinated-quiet = Samordnarna för { $section } har inte varit aktiva på åtta veckor; de kan ha mycket annat just nu.
watch-uncoordinated-how = En administratör kan fråga någon och göra hen till samordnare: { $prefix }section coordinator add { $section } NAMN
watch-candidate = { $member } ({ $count ->
        [one] ett ja
       *[other] { $count } ja
    })
watch-candidates = Medlemmar i { $section } som sagt att de får tillfrågas, de som oftast kommer först: { $names }.
watch-candidates-none = Ingen i { $section } har ännu sagt att de får tillfrågas ({ $prefix }profile ask-to-coordinate yes).
watch-candidates-sensitive = Vilka som är med i { $section } är till för dess medlemmar, så ingen nämns här.
watch-continuity-title = Hur våra sektioner mår
watch-continuity-intro = Alla nätverk har lugna perioder; här kan en hand behövas.
watch-not-meeting-count = { $count ->
        [one] En sektion har inte haft möte på sex veckor.
       *[other] { $count } sektioner har inte haft möte på sex veckor.
    }
watch-nobody-coming-count = { $count ->
        [one] En sektions tre senaste möten fick inget ja.
       *[other] { $count } sektioners tre senaste möten fick inget ja.
    }
watch-continuity-ideas = Deras samordnare har fått en rad med idéer: en ny tid, en gästtalare från behovslistan eller en paus. Om något fungerade för er sektion, berätta gärna här.
digest-continuity-not-meeting = { $section } har inte haft möte på sex veckor.
digest-continuity-nobody-coming = Ingen sa ja till de tre senaste mötena i { $section }.
digest-continuity-ideas = Skulle en ny tid hjälpa, en gästtalare från behovslistan ({ $prefix }section needs { $section }) eller en paus? Vad du än väljer är okej.

## Samordnarmötet: vad som fungerar (issue 14).
agenda-kind-what-works = Vad som fungerar: sektioner där fler kommit berättar hur
agenda-what-works-sections = Fler kommer, och de berättar gärna: { $sections }
agenda-what-works-none = Ingen sektion har delat en ökning den här gången: ta med vad som fungerat för er.

## Att fråga en gång om en medlem får tillfrågas att samordna (issue 14).
ask-to-coordinate-title = Får vi fråga dig någon gång?
ask-to-coordinate-question = Du är en av dem som oftast kommer till { $section }. När en sektion behöver någon som samordnar, får föreningens administratörer föreslå dig? Ett ja lovar ingenting.
ask-to-coordinate-how = Svara med { $prefix }profile ask-to-coordinate yes (eller no). Jag frågar inte igen, och du kan ändra ditt svar när som helst.
