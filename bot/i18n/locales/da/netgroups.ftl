## netgroups — dansk katalog. Samme nøgler og samme { $argumenter } som det engelske (en test tjekker det).
## Argumenter i { $klammer } udfyldes af botten; det, brugeren har skrevet, vises, som det blev skrevet.
## Kommandoernes grammatik er engelsk: eksempler som "{ $prefix }section join NAVN" og "visible:yes" bliver stående.

## Kommando- og parameternavne med beskrivelser (Discord viser dem på brugerens sprog).
cmd-help = hjælp
cmd-help-desc = Se, hvad du kan bede botten om
cmd-language = sprog
cmd-language-desc = Vælg, hvilket sprog botten skal tale med dig
cmd-section = sektion
cmd-section-desc = Sektioner: grupper efter fag, region eller tema
cmd-section-list = liste
cmd-section-list-desc = Vis de sektioner, du kan melde dig ind i
cmd-section-info = info
cmd-section-info-desc = Vis en sektion: formål, koordinatorer, medlemmer
cmd-section-create = opret
cmd-section-create-desc = Foreslå en ny sektion (du bliver dens koordinator)
cmd-section-approve = godkend
cmd-section-approve-desc = Godkend en foreslået sektion (for administratorer)
cmd-section-join = meld-ind
cmd-section-join-desc = Meld dig ind i en sektion
cmd-section-leave = meld-ud
cmd-section-leave-desc = Meld dig ud af en sektion
cmd-section-archive = arkiver
cmd-section-archive-desc = Arkivér en sektion (for dens koordinatorer)
cmd-section-bind = tilknyt
cmd-section-bind-desc = Gør denne kanal til sektionens kanal (for koordinatorer)
cmd-section-coordinator = koordinator
cmd-section-coordinator-desc = En sektions koordinatorer
cmd-section-coordinator-add = tilføj
cmd-section-coordinator-add-desc = Gør et medlem til koordinator for sektionen
cmd-section-coordinator-remove = fjern
cmd-section-coordinator-remove-desc = Lad et medlem holde op med at være koordinator for sektionen
cmd-profile = profil
cmd-profile-desc = Din præsentation: hvem du er, hvad du laver, hvad du har brug for
cmd-profile-set = rediger
cmd-profile-set-desc = Udfyld eller ret din profil
cmd-profile-show = vis
cmd-profile-show-desc = Vis din egen eller en andens profil
cmd-directory = katalog
cmd-directory-desc = Find medlemmer
cmd-directory-search = søg
cmd-directory-search-desc = Find medlemmer efter sted, fag, firma eller navn

opt-section = sektion
opt-section-desc = Sektionen, angivet ved dens kortnavn (f.eks. shiatsu)
opt-member = medlem
opt-member-desc = Medlemmet, angivet ved navn
opt-name = navn
opt-name-desc = Sektionens navn
opt-kind = type
opt-kind-desc = profession (fag), region eller theme (tema)
opt-slug = kortnavn
opt-slug-desc = Kort navn, der bruges i kommandoer (bogstaver, tal og bindestreger)
opt-description = beskrivelse
opt-description-desc = En sætning om sektionen
opt-purpose = formål
opt-purpose-desc = Hvad vi har, hvad vi har brug for
opt-who = hvem
opt-who-desc = Hvem du er
opt-does = laver
opt-does-desc = Hvad du laver
opt-needs = behov
opt-needs-desc = Hvad du har brug for
opt-offers = tilbyder
opt-offers-desc = Hvad du kan tilbyde andre
opt-place = sted
opt-place-desc = Hvor du arbejder eller bor (for et møde: hvor det holdes)
opt-trade = fag
opt-trade-desc = Dit fag eller erhverv
opt-company = firma
opt-company-desc = Dit firma
opt-visible = synlig
opt-visible-desc = Vis din profil i medlemskataloget (ja eller nej)
opt-query = søgeord
opt-query-desc = Ord, der skal søges efter
opt-topic = emne
opt-topic-desc = En kommando eller gruppe, f.eks. section
opt-locale = sprog
opt-locale-desc = en, sv eller da

## Navne
section-name-central = Netværksgruppen
section-name-coordinators = Koordinatorgruppen
kind-central = central gruppe
kind-coordinators = koordinatorer
kind-profession = fag
kind-region = region
kind-theme = tema
status-proposed = foreslået, venter på godkendelse
status-active = aktiv
status-archived = arkiveret
locale-en = engelsk
locale-sv = svensk
locale-da = dansk

## Hjælp
help-title = Det kan du bede mig om
help-topic-title = Hjælp: { $topic }
help-line = { $usage } — { $description }
help-option = • { $option }: { $description }
help-more = Skriv { $prefix }help section (eller profile, directory) for at få flere detaljer.

## Sektioner
section-list-title = Sektioner ({ $count })
section-list-line = • { $section } — { $name } ({ $kind }, { $count ->
        [one] ét medlem
       *[other] { $count } medlemmer
    })
section-list-proposed = • { $section } — { $name } (foreslået, venter på godkendelse)
section-list-hint = Meld dig ind i en sektion med { $prefix }section join NAVN.
section-info-title = { $name } ({ $section })
section-info-kind = Type: { $kind }; status: { $status }
section-info-members = { $count ->
        [one] Ét medlem
       *[other] { $count } medlemmer
    }
section-info-coordinators = { $count ->
        [0] Ingen koordinator endnu
        [one] Koordinator: { $names }
       *[other] Koordinatorer: { $names }
    }
section-info-description = Om sektionen: { $text }
section-info-purpose = Hvad vi har, hvad vi har brug for: { $text }
section-info-your-role = { $role ->
        [coordinator] Du er koordinator for denne sektion.
        [member] Du er medlem.
       *[none] Du er ikke medlem.
    }
section-proposed = Tak! Sektionen { $section } ({ $name }) er foreslået. Når en administrator har godkendt den, bliver du dens koordinator.
section-created = Sektionen { $section } ({ $name }) er åben, og du er dens koordinator.
section-approved = Sektionen { $section } ({ $name }) er godkendt og åben.
section-joined = Du er meldt ind i { $name } ({ $section }).
section-left = Du er meldt ud af { $name } ({ $section }).
section-archived = Sektionen { $section } ({ $name }) er arkiveret.
section-bound = Denne kanal er nu kanalen for { $section }: mødeindkaldelser og referater kommer her.
error-bind-here = Skriv dette i den kanal eller det rum, der skal være sektionens.
section-coordinator-added = { $member } er nu koordinator for { $section }.
section-coordinator-removed = { $member } er ikke længere koordinator for { $section }.
announce-section-opened = Ny sektion: { $name } ({ $section }).
announce-section-join-hint = Meld dig ind i den med { $prefix }section join { $section }.
announce-section-proposed = { $member } foreslår en ny sektion: { $name } ({ $section }).
announce-section-approve-hint = En administrator kan godkende den med { $prefix }section approve { $section }.

## Arkiverede sektioner: skrivebeskyttede kanaler, og at åbne dem igen (section unarchive)
cmd-section-unarchive = genåbn
cmd-section-unarchive-desc = Åbn en arkiveret sektion igen (for administratorer)
section-unarchived = Sektionen { $section } ({ $name }) er åben igen.
error-section-not-archived = Sektionen { $section } er ikke arkiveret.
section-archived-notice = { $name } ({ $section }) er arkiveret: kanalen er skrivebeskyttet fra nu af, og det, der er sagt her, kan stadig læses. En administrator kan åbne den igen med { $prefix }section unarchive { $section }.
section-restored-notice = { $name } ({ $section }) er åben igen: velkommen tilbage!

## Discord: koordinatorer administrerer deres sektions beskeder (netgroups check)
check-discord-perm-manage-messages = Administrer beskeder

## Profiler og medlemskatalog
profile-title = Profil: { $member }
profile-field-who = Hvem: { $text }
profile-field-does = Laver: { $text }
profile-field-needs = Har brug for: { $text }
profile-field-offers = Tilbyder: { $text }
profile-field-place = Sted: { $text }
profile-field-trade = Fag: { $text }
profile-field-company = Firma: { $text }
profile-empty = { $member } har ikke skrevet en profil endnu.
profile-saved = Din profil er gemt.
profile-now-visible = Din profil er synlig i medlemskataloget.
profile-now-hidden = Din profil er skjult i medlemskataloget; vis den med { $prefix }profile set visible:yes.
language-set = Jeg taler { $locale } med dig.
directory-title = Medlemmer, der matcher »{ $query }« ({ $count })
directory-line = • { $member } — Sted: { $place } · Fag: { $trade } · Firma: { $company } · Laver: { $does }
directory-none = Ingen synlig profil matcher »{ $query }«.
directory-more = Viser de første { $limit }; tilføj et ord for at indsnævre søgningen.
directory-hint = Se en hel profil med { $prefix }profile show NAVN.

## Fejl
error-unexpected = Beklager, noget gik galt hos mig. Intet er ændret; prøv igen lidt senere.
error-disk-full = Disken, hvor jeg gemmer mine oplysninger, er fuld, så jeg kunne ikke gemme dette. Intet er ændret; bottens administrator skal frigøre plads.
reply-sent-privately = Jeg har svaret dig i en direkte besked.
error-control-characters = Feltet { $field } indeholder kontroltegn; skriv almindelig tekst.
error-line-break = Feltet { $field } skal være én linje: skriv det uden linjeskift.
error-too-long = Feltet { $field } er for langt: { $length } tegn, højst { $max }.
error-bad-slug = »{ $slug }« kan ikke være et kortnavn: brug 3 til 32 små bogstaver, tal og bindestreger.
error-unknown-locale = Jeg taler ikke »{ $locale }«; vælg en, sv eller da.
error-unknown-member = Jeg kender ikke noget medlem, der hedder »{ $member }«.
error-ambiguous-member = { $count } medlemmer hedder »{ $member }«; vær lidt mere præcis.
error-missing-option = Udfyld feltet { $option }.{ $usage ->
        [none] {""}
       *[other] {" "}Sådan skriver du: { $usage }
    }
error-section-exists = Der findes allerede en sektion, der hedder { $section }; vælg et andet navn eller kortnavn.
error-not-proposed = Sektionen { $section } venter ikke på godkendelse.
error-coordinators-automatic = Koordinatorernes sektion holder sig selv ajour: alle sektioners koordinatorer er med i den, og ingen melder sig ind eller ud i hånden.
error-already-member = Du er allerede medlem af { $section }.
error-cannot-leave-builtin = Alle er med i { $section }; man kan ikke melde sig ud af den.
error-not-member = Du er ikke medlem af { $section }.
error-cannot-archive-builtin = { $section } tilhører hele netværket og kan ikke arkiveres.
error-section-archived = Sektionen { $section } er arkiveret.
error-builtin-coordinators = { $section } har ingen egne koordinatorer.
error-already-coordinator = { $member } er allerede koordinator for { $section }.
error-not-coordinator = { $member } er ikke koordinator for { $section }.
error-unknown-section = Der findes ingen sektion, der hedder »{ $section }«. Se listen med { $prefix }section list.
error-section-not-approved = Sektionen { $section } er ikke godkendt endnu.
error-last-coordinator = { $section } skal have en koordinator: tilføj først en anden.
error-profile-nothing-to-set = Skriv, hvad du vil ændre, f.eks. place:Malmö. Felter: { $fields }, visible.
error-profile-hidden = { $member } har ikke gjort sin profil synlig.
error-unbalanced-quotes = Et anførselstegn er ikke lukket.
error-empty-command = Skriv { $prefix }help for at se, hvad du kan bede mig om.
error-unknown-subcommand = Hvad skal jeg gøre med { $group }? Vælg en af: { $choices }.
error-unknown-command-suggest = Jeg kender ikke »{ $command }«. Mente du { $prefix }{ $suggestion }?
error-unknown-command = Jeg kender ikke »{ $command }«. Skriv { $prefix }help for at se, hvad du kan bede mig om.
error-option-twice = Feltet { $option } er angivet to gange.
error-too-many-arguments = For meget tekst til { $prefix }{ $command }: Jeg ved ikke, hvad jeg skal gøre med »{ $extra }«. Sæt anførselstegn om tekst med mellemrum.
error-bad-choice = »{ $value }« er ikke en gyldig værdi for { $option }; vælg en af: { $choices }.
error-not-a-number = Feltet { $option } skal være et helt tal, ikke »{ $value }«.
error-out-of-range = Feltet { $option } skal være mellem { $min } og { $max }.
error-not-yes-no = Feltet { $option } skal være ja eller nej, ikke »{ $value }«.
error-permission-admin = Kun en administrator må gøre det.
error-permission-coordinator = Kun en koordinator for { $section } må gøre det.
error-unknown-help-topic = Der er ingen hjælp om »{ $topic }«. Emner: { $groups }.

## Konsol
console-not-a-command = Kommandoer begynder med / (prøv /help); metalinjer begynder med : (:as NAVN, :in SEKTION, :time +1d, :react BESKED EMOJI, :locale sv).
console-bad-meta = Jeg forstår ikke »:{ $line }«. Metalinjer: :as NAVN, :in SEKTION, :time ISO eller +3d, :react BESKED EMOJI, :unreact BESKED EMOJI, :locale sv.
console-bad-time = »{ $value }« er ikke et tidspunkt: skriv 2026-03-01T09:00+01:00 eller +3d, +2h, +30m, +1w.
console-unknown-message = Der er ingen besked { $message }.

## Møder: kommandoer
cmd-meeting = møde
cmd-meeting-desc = En sektions faste møder
cmd-meeting-schedule = planlæg
cmd-meeting-schedule-desc = Opret sektionens faste møde (for koordinatorer)
cmd-meeting-list = liste
cmd-meeting-list-desc = Vis mødeserien og de næste datoer
cmd-meeting-next = næste
cmd-meeting-next-desc = Vis næste møde: tid, sted, dagsorden, svar
cmd-meeting-cancel = aflys
cmd-meeting-cancel-desc = Aflys et enkelt møde; serien fortsætter (for koordinatorer)
cmd-meeting-move = flyt
cmd-meeting-move-desc = Flyt et møde til en anden dag eller et andet tidspunkt (for koordinatorer)
cmd-meeting-edit = rediger
cmd-meeting-edit-desc = Ret serien fra og med en dato (for koordinatorer)
cmd-meeting-end = afslut
cmd-meeting-end-desc = Afslut serien efter en dato (for koordinatorer)
cmd-rsvp = svar
cmd-rsvp-desc = Svar ja, måske eller nej til næste møde (eller altid/aldrig)
cmd-reminders = påmindelser
cmd-reminders-desc = Hvor du får mødepåmindelser: channel (kanalen), dm (direkte besked) eller none (ingen)
cmd-agenda = dagsorden
cmd-agenda-desc = Et mødes dagsorden
cmd-agenda-show = vis
cmd-agenda-show-desc = Vis dagsordenen for næste møde
cmd-agenda-add = tilføj
cmd-agenda-add-desc = Tilføj et punkt og hvor mange minutter det får (for koordinatorer)
cmd-agenda-move = flyt
cmd-agenda-move-desc = Flyt et punkt til en anden plads (for koordinatorer)
cmd-agenda-time = tid
cmd-agenda-time-desc = Ret, hvor mange minutter et punkt får (for koordinatorer)
cmd-agenda-remove = fjern
cmd-agenda-remove-desc = Fjern et punkt (for koordinatorer)
cmd-agenda-propose = foreslå
cmd-agenda-propose-desc = Foreslå et punkt, som koordinatorerne kan godkende
cmd-agenda-accept = godkend
cmd-agenda-accept-desc = Godkend et foreslået punkt (for koordinatorer)
cmd-memo = referat
cmd-memo-desc = Referater fra tidligere møder
cmd-memo-post = offentliggør
cmd-memo-post-desc = Offentliggør referatet fra et møde i sektionen (for koordinatorer)
cmd-memo-list = liste
cmd-memo-list-desc = De seneste referater
cmd-memo-show = vis
cmd-memo-show-desc = Læs et referat
cmd-memo-search = søg
cmd-memo-search-desc = Søg i referaterne
cmd-section-needs = behov
cmd-section-needs-desc = Hvad medlemmerne har brug for, oftest først: idéer til en gæstetaler (for koordinatorer)

opt-rule = regel
opt-rule-desc = f.eks. "weekly tue", "every 2 weeks tue", "2nd tue", "1st,3rd thu"
opt-time = tid
opt-time-desc = Lokal tid, f.eks. 18:00
opt-duration = varighed
opt-duration-desc = Varighed i minutter eller som 1h30
opt-start = start
opt-start-desc = Første mulige dato, f.eks. 2026-03-10
opt-capacity = pladser
opt-capacity-desc = Hvor mange der kan komme; flere ja-svar kommer på venteliste
opt-date = dato
opt-date-desc = Mødets dato, f.eks. 2026-03-10 eller 10/3
opt-to = til
opt-to-desc = Den nye dato
opt-from = fra
opt-from-desc = Den første dato, ændringen gælder for
opt-answer = svar
opt-answer-desc = yes (ja), maybe (måske), no (nej), always (altid) eller never (aldrig)
opt-via = via
opt-via-desc = channel (kanalen), dm (direkte besked) eller none (ingen)
opt-title = titel
opt-title-desc = Hvad punktet handler om
opt-minutes = minutter
opt-minutes-desc = Hvor mange minutter det får
opt-position = position
opt-position-desc = Dets plads på dagsordenen, 1 = først
opt-item = punkt
opt-item-desc = Punktets nummer på dagsordenen
opt-proposal = forslag
opt-proposal-desc = Forslagets nummer (vises på dagsordenen)
opt-text = tekst
opt-text-desc = Referatet (skriv \n for en ny linje)
opt-id = id
opt-id-desc = Referatets nummer

## Møder: hvad botten sender ud
agenda-kind-welcome = Velkomst
agenda-kind-presentation = Præsentationsrunde: hvem du er, hvad du laver, hvad du har brug for
agenda-kind-current = Aktuelle sager
agenda-kind-guest = Gæstetaler
agenda-kind-discussion = Diskussion
agenda-kind-thanks = Tak og næste møde
agenda-kind-custom = Punkt
meeting-when = Hvornår: { $when } ({ $zone }), { $minutes } minutter
meeting-place = Hvor: { $place }
call-title = Mødeindkaldelse: { $section }
call-cancelled = Dette møde er aflyst.
agenda-heading = Dagsorden:
agenda-line = { $number }. { $title } ({ $minutes } min.)
agenda-proposed-line = Forslag #{ $id }: { $title } ({ $minutes } min.), venter på en koordinator
agenda-presenter = { "   " }– { $member }: { $who } · laver: { $does } · har brug for: { $needs }
agenda-presenter-bare = { "   " }– { $member }
call-counts = Svar: ✅ { $yes } · 🤔 { $maybe } · ❌ { $no }{ $capacity ->
        [none] {""}
       *[other] {" "}(pladser: { $capacity }{ $waiting ->
            [0] {""}
           *[other] , { $waiting } venter
        })
    }
call-how-to-answer = Svar med { $yes } { $maybe } { $no } på denne besked eller med { $prefix }rsvp yes { $section }.
reminder-title = Påmindelse: { $section } mødes { $unit ->
        [day] { $count ->
            [1] i morgen
           *[other] om { $count } dage
        }
        [hour] { $count ->
            [one] om { $count } time
           *[other] om { $count } timer
        }
       *[minute] { $count ->
            [one] om { $count } minut
           *[other] om { $count } minutter
        }
    }
reminder-coming = Kommer: { $names }. Måske: { $maybe }.
memo-skeleton-date = Møde: { $when }
memo-skeleton-attendees = { $count ->
        [0] Til stede: ingen svarede ja
       *[other] Til stede ({ $count }): { $names }
    }
memo-skeleton-how = Offentliggør referatet for alle med { $prefix }memo post "TEKST" { $section }.
## Koordinatorens sammendrag (issue 14): højst én direkte besked om dagen, på koordinatorens time.
digest-title = { $count ->
        [one] Dit sammendrag: 1 ting har brug for dig
       *[other] Dit sammendrag: { $count } ting har brug for dig
    }
digest-section = { $name } ({ $section })
digest-item = • { $text }
digest-agenda = Mødet { $when } har stadig standarddagsordenen; mødeindkaldelsen sendes ud { $call }. Tilføj punkter med { $prefix }agenda add TITEL MINUTTER section:{ $section } date:{ $date }.
digest-confirm = Mødet { $when } er ikke bekræftet: indkaldelsen sendes ud { $call } først når du bekræfter det med { $prefix }meeting confirm { $date } { $section }.
digest-confirm-late = Mødet { $when } er ikke bekræftet, så indkaldelsen er ikke sendt ud. Bekræft det med { $prefix }meeting confirm { $date } { $section } (eller aflys det med { $prefix }meeting cancel { $date } { $section }).
digest-hold-or-cancel = Ingen har svaret ja eller måske til mødet { $when }. Holde det eller aflyse det? For at aflyse: { $prefix }meeting cancel { $date } { $section }. For at holde det skal du ikke gøre noget.
digest-proposal = Foreslået til { $when }: “{ $title }” ({ $minutes } min). Godkend med { $prefix }agenda accept { $id } { $section } { $date }.
digest-waitlist = { $waiting ->
        [one] 1 person venter på en plads til mødet { $when } (pladser: { $capacity }).
       *[other] { $waiting } personer venter på en plads til mødet { $when } (pladser: { $capacity }).
    }
digest-unanswered = Ingen har endnu svaret på indkaldelsen til mødet { $when }.
digest-memo = Mødet { $when } har endnu intet referat. En skabelon til at udfylde:
digest-set-daily = Dit sammendrag kommer de dage, noget har brug for dig, kl. { $hour }:00 ({ $zone }), og om mandagen med alt, der stadig er åbent.
digest-set-weekly = Dit sammendrag kommer om mandagen kl. { $hour }:00 ({ $zone }); andre dage kun med det, der ikke kan vente.
digest-set-off = Intet sammendrag: du får kun det, der ikke kan vente, kl. { $hour }:00 ({ $zone }).
digest-not-coordinating = Du koordinerer ingen sektion lige nu, så der er intet at fortælle endnu.
error-digest-hour = { $hour }:00 er midt om natten: vælg en time fra { $earliest } til { $latest }, f.eks. { $prefix }digest hour:9.
cmd-digest = digest
cmd-digest-desc = Hvor tit og hvornår dit sammendrag som koordinator kommer: daily, weekly eller off, og hour:HH
opt-mode = mode
opt-mode-desc = daily (dagligt), weekly (ugentligt) eller off (fra)
opt-hour = hour
opt-hour-desc = Den lokale time, det kommer, 8 til 20
cmd-meeting-confirm = confirm
cmd-meeting-confirm-desc = Bekræft et møde, så indkaldelsen sendes ud (en serie med calls:confirmed; for koordinatorer)
opt-calls = calls
opt-calls-desc = all: indkaldelse til hvert møde; confirmed: kun til møder, en koordinator har bekræftet
meeting-confirm-calls = Indkaldelser sendes kun ud til møder, som en koordinator har bekræftet (meeting confirm DATO).
meeting-confirmed = Mødet i { $section } { $when } er bekræftet: indkaldelsen sendes ud.
meeting-not-confirmed = Ikke bekræftet endnu: mødet bliver til, når en koordinator bekræfter det (så sendes indkaldelsen ud).
error-confirm-not-needed = Møderne i { $section } skal ikke bekræftes: hver indkaldelse sendes ud. (For at ændre det: meeting edit DATO calls:confirmed.)
memo-title = Referat #{ $id }: { $section }
memo-of-meeting = Møde { $when }, skrevet af { $author }
memo-by = Skrevet af { $author }
memo-body = { $text }
meeting-cancelled-title = Aflyst: { $section }
meeting-cancelled = Mødet i { $section } { $when } er aflyst. Det næste møde holdes som sædvanlig.
rsvp-promoted-title = Du har fået en plads
rsvp-promoted = Der er blevet en plads ledig: du er på listen til { $section } { $when }.

## Møder: svar
meeting-scheduled = Møder i { $section } er planlagt
meeting-series = { $rule }, kl. { $time } ({ $zone }), { $minutes } minutter
meeting-capacity = Pladser: { $capacity }
meeting-next-date = • { $when }
meeting-cadence = Mødeindkaldelsen sendes ud { $days ->
        [one] én dag
       *[other] { $days } dage
    } før hvert møde, sammen med dagsordenen.
meeting-list-title = Møder i { $section }
meeting-next-title = Næste møde i { $section }
meeting-cancelled-done = Mødet i { $section } { $when } er aflyst; serien fortsætter.
meeting-moved = Mødet i { $section } er flyttet til { $when }.
meeting-edited = Møderne i { $section } ændres fra og med { $day }
meeting-ended = Møderne i { $section } slutter efter { $day }.
answer-yes = ja
answer-maybe = måske
answer-no = nej
rsvp-saved = Noteret: { $answer } til { $section } { $when }.
rsvp-waitlisted = Mødet i { $section } { $when } er fuldt: du står på ventelisten, og jeg giver besked, hvis der bliver en plads ledig.
rsvp-always = Du kommer altid til { $section }: du regnes med til hvert møde, indtil du skriver { $prefix }rsvp never.
rsvp-never = Du siger ikke længere automatisk ja til { $section }.
rsvp-joined = Du er meldt ind i { $section } og { $choice ->
        [maybe] kommer måske { $when }
       *[yes] kommer { $when }
    }. Dens møder når dig fra nu af; meld dig ud med { $prefix }section leave { $section }.
rsvp-joined-waitlisted = Du er meldt ind i { $section }. Mødet { $when } er fuldt: du står på ventelisten, og jeg giver besked, hvis der bliver en plads ledig.
rsvp-always-joined = Du er meldt ind i { $section } og kommer altid: du regnes med til hvert møde, indtil du skriver { $prefix }rsvp never.
error-closed-section = Kun medlemmer af { $section } svarer på og foreslår til dens møder, og ingen melder sig ind i den i hånden: alle, der er koordinator for en sektion, er med. En administrator kan gøre dig til koordinator med { $prefix }section coordinator add SEKTION NAVN.
error-propose-join-first = Kun medlemmer af { $section } foreslår punkter til dens møder. Meld dig ind med { $prefix }section join { $section }, og foreslå så igen.
reminders-set = Mødepåmindelser: { $via }.
reminders-via-channel = i sektionens kanal
reminders-via-dm = som direkte besked
reminders-via-dm-on = som direkte besked på { $platform }
reminders-via-none = ingen
agenda-title = Dagsorden: { $section }
agenda-total = { $planned } af { $duration } minutter er planlagt.
agenda-added = »{ $title }« ({ $minutes } min.) er tilføjet som punkt { $position }.
agenda-moved = Punkt { $number } er nu punkt { $position }.
agenda-resized = Punkt { $number } får nu { $minutes ->
        [one] ét minut
       *[other] { $minutes } minutter
    }.
agenda-removed = Punkt { $number } er fjernet.
agenda-proposed = Tak! »{ $title }« er foreslået (#{ $id }); en koordinator for { $section } kan godkende det.
agenda-accepted = »{ $title }« er på dagsordenen som punkt { $position }.
memo-posted = Referat #{ $id } er lagt op i { $section }.
memo-line = • #{ $id } { $section }, { $date }: { $text }
memo-none = Ingen referater endnu.
memo-list-title = Seneste referater ({ $count })
memo-show-title = Referat #{ $id }, { $section }, { $date }
memo-search-none = Intet referat nævner »{ $query }«.
memo-search-title = Referater, der nævner »{ $query }« ({ $count })
needs-title = Hvad medlemmerne i { $section } har brug for
needs-line = • { $topic } ({ $count ->
        [one] ét medlem
       *[other] { $count } medlemmer
    })
needs-none = Ingen synlig profil i { $section } har endnu skrevet, hvad de har brug for.
needs-hint = En gæstetaler om de mest efterspurgte emner gavner flest medlemmer.

## Møder: fejl
error-bad-rule = Jeg forstår ikke reglen »{ $rule }«. Skriv f.eks. "weekly tue", "every 2 weeks tue", "2nd tue", "1st,3rd thu", "last fri" eller en RRULE.
error-ambiguous-rule = »{ $rule }« kan betyde to ting: skriv "every 2 weeks tue" (hver anden uge) eller "2nd tue" (månedens anden tirsdag).
error-unknown-timezone = »{ $zone }« er ikke en tidszone, jeg kender; brug et navn som Europe/Copenhagen.
error-bad-time = »{ $value }« er ikke et klokkeslæt; skriv f.eks. 18:00.
error-bad-date = »{ $value }« er ikke en dato; skriv f.eks. 2026-03-10 eller 10/3.
error-date-out-of-range = »{ $value }« ligger for langt væk: jeg tager datoer fra { $earliest } til { $latest } (et år tilbage, ti år frem).
error-bad-duration = »{ $value }« er ikke en varighed mellem 15 minutter og 12 timer; skriv f.eks. 90 eller 1h30.
error-series-exists = { $section } har allerede en mødeserie; ret den med { $prefix }meeting edit.
error-no-series = { $section } har ingen planlagte møder; en koordinator kan starte dem med { $prefix }meeting schedule.
error-no-upcoming = { $section } har intet kommende møde.
error-no-meeting-on = { $section } har intet møde { $day }.
error-already-cancelled = Mødet i { $section } { $day } er allerede aflyst.
error-move-into-past = Et møde kan ikke flyttes tilbage i tiden.
error-edit-past = En ændring kan tidligst begynde i dag, ikke { $day }.
error-edit-nothing = Skriv, hvad der skal ændres: rule, time, duration, place eller capacity.
error-meeting-started = Det møde er allerede begyndt.
error-meeting-cancelled = Det møde er aflyst.
error-meeting-over = Det møde er allerede slut.
error-agenda-overrun = Så ville mødet på { $duration } minutter løbe { $minutes ->
        [one] ét minut
       *[other] { $minutes } minutter
    } over tiden. Forkort eller fjern et punkt først.
error-no-agenda-item = Der er intet punkt { $number }; dagsordenen har { $count ->
        [one] ét punkt
       *[other] { $count } punkter
    }.
error-no-proposal = Der er intet åbent forslag #{ $id }.
error-unknown-memo = Der er intet referat #{ $id }.
console-time-backwards = Tiden går kun fremad her; { $value } er allerede passeret.

## Gentagelsesregler i ord
rule-raw = Regel { $rule }
rule-weekly = Hver { $days }
rule-every-weeks = Hver { $n }. uge om { $days }en
rule-monthly = Hver måned: { $which }
rule-ordinals-day = { $ordinals } { $day }
rule-ordinal = { $n ->
        [1] 1.
        [2] 2.
        [3] 3.
        [-1] sidste
       *[other] { $n }.
    }

## Sammenkæd konti på flere platforme
cmd-profile-link = sammenkæd
cmd-profile-link-desc = Sammenkæd dine konti på Discord og Matrix til ét medlem
cmd-profile-unlink = adskil
cmd-profile-unlink-desc = Adskil din konto på en platform igen
opt-code = kode
opt-code-desc = Koden du fik fra profile link på din anden konto
opt-platform = platform
opt-platform-desc = discord, matrix eller console
link-code = Din kode er { $code }. Skriv { $prefix }profile link { $code } fra din konto på den anden platform inden for { $minutes } minutter. Den virker én gang.
link-done = Sammenkædet: begge konti er nu { $member }, med ét svar pr. møde.
unlink-done = Din { $platform }-konto er et medlem for sig igen; din historik bliver her.
error-link-code-unknown = Den kode kender jeg ikke, eller den er allerede brugt. Bed om en ny med profile link.
error-link-code-expired = Koden er udløbet (de gælder i 10 minutter). Bed om en ny med profile link.
error-link-same-account = Skriv koden fra din anden konto, ikke fra den, der bad om den.
error-link-same-platform = Begge konti er på { $platform }: en kode sammenkæder konti på to forskellige platforme.
error-unlink-none = Du har ingen sammenkædet { $platform }-konto.
error-unlink-last = Det er din eneste konto: der er intet at adskille.

## Medlemmernes egne data: hent og slet
cmd-mydata = minedata
cmd-mydata-desc = Det, botten gemmer om dig: hent en kopi, eller få det slettet
cmd-mydata-export = hent
cmd-mydata-export-desc = Få alt, hvad botten gemmer om dig, som et resumé og en fil
cmd-mydata-erase = slet
cmd-mydata-erase-desc = Slet alt, hvad botten gemmer om dig (du skal bekræfte)
cmd-member = medlem
cmd-member-desc = Fællesskabets medlemmer (for administratorer)
cmd-member-erase = slet
cmd-member-erase-desc = Slet alt, der gemmes om et medlem (for administratorer; du skal bekræfte)
opt-confirm = bekræft
opt-confirm-desc = Koden fra første trin, som bekræftelse
mydata-title = Det gemmer jeg om dig i { $community }
mydata-name = Navn: { $name }
mydata-accounts = Konti: { $accounts }
mydata-sections = Sektioner: { $sections }
mydata-rows = { $what }: { $count }
mydata-file = Det hele, tabel for tabel, ligger i filen { $file } (JSON, som du eller en anden tjeneste kan læse).
mydata-erase-hint = For at få det hele slettet: { $prefix }mydata erase
mydata-table-members = Medlemsoplysninger
mydata-table-identities = Konti på chatplatforme
mydata-table-memberships = Sektioner, du er med i, og din rolle dér
mydata-table-profiles = Profil
mydata-table-profile_words = Ord, din profil findes med
mydata-table-sections = Sektioner, du har foreslået
mydata-table-rsvps = Svar på møder
mydata-table-standing_rsvps = Faste svar (”kommer altid”)
mydata-table-agenda_items = Dagsordenspunkter, du har foreslået
mydata-table-memos = Referater, du har skrevet
mydata-table-meeting_series = Mødeserier, du har oprettet
mydata-table-outbox = Beskeder og udsendelser til dig
mydata-table-platform_state = Bogføring om dig (direkte samtaler, koder)
mydata-erase-ask = Dette sletter alt, hvad jeg gemmer om dig i { $community }: dine konti her, profil, sektioner, svar, påmindelser og bogføring. Referater, du har skrevet, bliver stående, underskrevet ”et tidligere medlem”. Du kan komme tilbage senere som nyt medlem.
mydata-erase-confirm-how = Skriv { $prefix }mydata erase confirm:{ $code } inden for { $minutes } minutter for at fortsætte. Ellers sker der intet.
mydata-erased = Færdig: alt, hvad jeg gemte om dig, er slettet. Skriver du til mig igen, starter du som nyt medlem.
member-erase-ask = Dette sletter alt, der gemmes om { $member } i { $community }: konti, profil, sektioner, svar, påmindelser og bogføring. Referater, vedkommende har skrevet, bliver stående, underskrevet ”et tidligere medlem”.
member-erase-confirm-how = Skriv { $prefix }member erase "{ $member }" confirm:{ $code } inden for { $minutes } minutter for at fortsætte. Ellers sker der intet.
member-erased = { $member } er slettet: der gemmes intet om vedkommende længere.
error-erase-code = Det er ikke den kode, du fik til at slette { $member }, eller den er udløbet (koder gælder i 10 minutter). Intet blev slettet; bed om en ny kode.
memo-former-member = et tidligere medlem
console-file-saved = 📎 { $file } ({ $size } bytes)

## Følsomme sektioner: hvem der er med, er medlemmernes sag
cmd-section-sensitive = følsom
cmd-section-sensitive-desc = Angiv om medlemskabet af sektionen er følsomt (for dens koordinatorer)
opt-sensitive = følsom
opt-sensitive-desc = yes: navne vises kun for sektionens medlemmer; no: som i andre sektioner
section-now-sensitive = Sektionen { $section } er følsom nu: hvem der er med, hvem der kommer til møderne, og referaterne vises kun for medlemmerne.
section-now-not-sensitive = Sektionen { $section } er ikke længere følsom: mødeindkaldelserne viser igen, hvem der kommer.
section-info-sensitive = Medlemskabet er følsomt: navne vises kun for medlemmerne.
agenda-presenters-private = (hvem der kommer, vises for sektionens medlemmer: { $prefix }meeting next { $section })
error-builtin-sensitive = { $section } er alles (eller alle koordinatorers) sektion: medlemskabet kan ikke være følsomt.
error-already-sensitive = Sektionen { $section } er allerede følsom.
error-already-not-sensitive = Sektionen { $section } er ikke følsom.
error-sensitive-members-only = Det, der skrives i { $section }, er kun for dens medlemmer.

## Fællesskabets første administrator: en privat velkomst med de næste skridt
welcome-admin-title = Velkommen, administrator for { $community }
welcome-admin-intro = Du er fællesskabets administrator for { $community }: du godkender sektioner og må bruge alle kommandoer. Tre skridt for at komme i gang:
welcome-admin-step-section = 1. Åbn en sektion, en gruppe efter fag, region eller tema: { $prefix }section create Shiatsu. Den får sin egen kanal, og du bliver dens koordinator.
welcome-admin-step-meeting = 2. Planlæg dens møde, skrevet i sektionens kanal: { $prefix }meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus". Jeg sender mødeindkaldelsen i god tid, med reaktioner at svare med, og minder dem, der kommer.
welcome-admin-step-members = 3. Få medlemmerne med: { $platform ->
        [matrix] bed dem skrive til mig i en direkte besked; de melder sig ind i en sektion med { $prefix }section join shiatsu, og jeg inviterer dem til området og til sektionens rum.
       *[other] alle på serveren kan tale med mig; de melder sig ind i en sektion med { $prefix }section join shiatsu, og dens møder når dem fra da af.
    }
welcome-admin-more = { $prefix }help viser alt, hvad du kan spørge om, og { $prefix }section list viser sektionerne.

## netgroups check: driftsansvarliges tabel (✔ i orden, ⚠ værd at vide, ✖ skal rettes; → hvad du gør)
check-area-settings = indstillinger
check-area-database = database
check-area-discord = Discord
check-area-matrix = Matrix
check-area-web = web
check-web-answering = Siderne og kalenderfeedsene svarer på { $listen }.
check-web-free = { $listen } er ledig: netgroups run viser siderne og kalenderfeedsene der.
check-web-silent = Intet svarer på { $listen }, hvor siderne og kalenderfeedsene skal være.
check-web-foreign = Noget andet end netgroups svarer på { $listen }.
check-web-unusable = netgroups kan ikke lytte på { $listen }: { $reason }.
check-fix-web-port = Stop det, der holder porten, eller vælg en anden i [web] listen (NETGROUPS_WEB_LISTEN).
check-web-links = Links i mødeindkaldelser og feeds begynder med { $base }.
check-web-links-local = Links i mødeindkaldelser og feeds ville begynde med http://{ $listen }, en adresse kun denne maskine kan åbne.
check-fix-web-base-url = Sæt [web] base_url (NETGROUPS_WEB_BASE_URL) til den adresse, medlemmerne når, f.eks. https://net.example.org bag jeres reverse proxy.
check-summary-ok = Alt, hvad netgroups har brug for, er på plads.
check-summary-failed = { $count ->
        [one] Én ting skal rettes (✖), før netgroups kan køre, som det skal.
       *[other] { $count } ting skal rettes (✖), før netgroups kan køre, som det skal.
    }
check-settings-ok = Indstillingerne er gyldige; konfigureret: { $platforms }.
check-settings-refused = Indstillingerne kan ikke bruges: { $reason }
check-fix-settings = Ret indstillingen i konfigurationsfilen eller miljøet (config.example.toml beskriver hver indstilling).
check-settings-no-platform = Ingen chatplatform er konfigureret.
check-fix-no-platform = Sæt [discord] token (NETGROUPS_DISCORD_TOKEN), eller [matrix] homeserver, user_id og access_token eller password.
check-database-ok = { $where } kan bruges (skemarevision { $revision }).
check-database-new = { $where } findes ikke endnu: den oprettes ved første start, med { $count ->
        [one] én migrering
       *[other] { $count } migreringer
    }.
check-database-migrations = { $count ->
        [one] Én migrering
       *[other] { $count } migreringer
    } ville køre: { $revisions }.
check-fix-database-migrations = De kører af sig selv ved næste start; tag en sikkerhedskopi af databasen først.
check-database-newer = { $where } blev skrevet af en nyere netgroups (skemarevision { $revision }).
check-fix-database-newer = Opgrader netgroups til den version, der skrev den: denne nægter at starte på den.
check-database-refused = Databasen kan ikke bruges: { $reason }
check-fix-database = Ret det, som linjen ovenfor nævner: netgroups nægter at starte indtil da.
check-database-idle = Ingen netgroups-proces bruger { $where }.
check-fix-start = Start botten (netgroups run), eller se i dens log, hvorfor den stoppede.
check-platform-timeout = { $platform } svarede ikke inden for { $seconds } sekunder.
check-fix-platform-timeout = Kontrollér maskinens netværk og firewall, og prøv igen.
check-platform-broke = Kontrollen af { $platform } stoppede på en uventet { $error } (se loggen ovenfor).
check-fix-platform-broke = Prøv igen; sker det igen, så rapportér det med loggen.

check-discord-guild-setting = Indstillingen discord.guild_id er { $value }, hvilket ikke er et server-id.
check-fix-discord-guild-setting = Skriv serverens id (kun cifre): slå Udviklertilstand til i Discord, højreklik på serveren og vælg Kopiér server-id.
check-discord-token-refused = Discord afviste bottens token.
check-fix-discord-token = Åbn din applikation i udviklerportalen → Bot → Reset Token, og læg det nye token i NETGROUPS_DISCORD_TOKEN.
check-discord-unreachable = Discord kan ikke nås: { $reason }
check-fix-discord-unreachable = Kontrollér, at maskinen kan nå discord.com over HTTPS (netværk, firewall, proxy).
check-discord-logged-in = Logget ind som { $user } (applikation { $application }).
check-discord-intents-ok = Intents: { $intents }; ingen af dem privilegerede.
check-discord-intents-off = Botten beder om privilegerede intents, som applikationen ikke har: { $intents }.
check-fix-discord-intents = Åbn din applikation i udviklerportalen → Bot → Privileged Gateway Intents, og slå dem til.
check-discord-endpoint = Applikationen sender interaktioner til { $url }, så skråstregskommandoer når aldrig botten.
check-fix-discord-endpoint = Åbn din applikation i udviklerportalen → General Information, og tøm Interactions Endpoint URL.
check-discord-no-guild = Botten er ikke med i nogen server endnu.
check-discord-not-in-guild = Botten er ikke med i serveren { $guild } (discord.guild_id).
check-fix-discord-invite = Invitér den med dette link (det beder om de rette tilladelser): { $url }
check-discord-perm-view-channel = Se kanaler
check-discord-perm-send-messages = Send beskeder
check-discord-perm-embed-links = Integrer links
check-discord-perm-add-reactions = Tilføj reaktioner
check-discord-perm-read-message-history = Læs beskedhistorik
check-discord-perm-manage-channels = Administrer kanaler
check-discord-perm-manage-roles = Administrer roller
check-discord-permissions-ok = { $guild }: botten har alle de tilladelser, den har brug for.
check-discord-permissions-missing = { $guild }: botten mangler { $missing }.
check-fix-discord-permissions = Serverindstillinger → Roller → { $role }: slå { $missing } til. Eller invitér botten igen med { $url }
check-discord-roles-ok = { $guild }: bottens rolle { $role } ligger over { $count ->
        [0] sektionernes roller (ingen endnu)
        [one] den ene sektionsrolle
       *[other] alle { $count } sektionsroller
    }.
check-discord-roles-above = { $guild }: disse sektionsroller ligger ikke under bottens rolle { $role }, så den kan ikke give eller fjerne dem: { $roles }.
check-fix-discord-roles = Serverindstillinger → Roller: træk { $role } op over sektionsrollerne.
check-discord-roles-gone = { $guild }: rollerne for disse sektioner er slettet: { $sections }.
check-fix-discord-roles-gone = Deres medlemmer markeres ikke længere med en rolle; kanaler og møder virker som før.
check-discord-commands-ok = { $guild }: { $count } skråstregskommandoer, som denne version af netgroups definerer dem.
check-discord-commands-pending = { $guild }: { $count ->
        [one] én skråstregskommando afviger
       *[other] { $count } skråstregskommandoer afviger
    } fra denne versions.
check-fix-discord-commands = Intet at gøre: botten opdaterer dem, når den starter.
check-discord-commands-changed = { $guild }: skråstregskommandoerne er ændret på Discord, siden botten sidst satte dem: { $commands }.
check-fix-discord-commands-changed = Botten sætter dem kun, når dens egne ændres: slet dens notat (tabellen platform_state, platform discord, nøgle { $record }) og genstart den.
check-discord-commands-unreadable = { $guild }: botten må ikke læse serverens skråstregskommandoer.

check-matrix-no-user = Indstillingen matrix.user_id mangler.
check-fix-matrix-no-user = Sæt matrix.user_id (NETGROUPS_MATRIX_USER_ID) til bottens konto, f.eks. @netgroups:example.org.
check-matrix-unreachable = Hjemmeserveren { $homeserver } kan ikke nås: { $reason }
check-matrix-not-matrix = { $homeserver } svarer ikke som en Matrix-hjemmeserver (HTTP { $status }).
check-fix-matrix-unreachable = Kontrollér matrix.homeserver (adressen på serverens klient-API, f.eks. https://matrix.example.org), at hjemmeserveren kører, og at { $homeserver }/_matrix/client/versions kan åbnes fra denne maskine.
check-matrix-reachable = Hjemmeserveren { $homeserver } svarer (Matrix { $version }).
check-matrix-no-credentials = Hverken et adgangstoken eller en adgangskode er sat for botten.
check-fix-matrix-no-credentials = Sæt matrix.access_token (NETGROUPS_MATRIX_ACCESS_TOKEN) med matrix.device_id, eller matrix.password (NETGROUPS_MATRIX_PASSWORD).
check-matrix-session-unreadable = Den gemte session { $file } kan ikke læses.
check-fix-matrix-session = Slet { $file }: botten logger så ind igen med matrix.password.
check-matrix-password-refused = Hjemmeserveren afviste adgangskoden for { $user } ({ $reason }).
check-fix-matrix-password = Kontrollér matrix.password (NETGROUPS_MATRIX_PASSWORD), eller brug et adgangstoken i stedet.
check-matrix-token-refused = Hjemmeserveren afviste bottens adgangstoken ({ $reason }).
check-fix-matrix-token = Lav et nyt adgangstoken til bottens konto (log ind som den, f.eks. med curl mod /_matrix/client/v3/login), og sæt NETGROUPS_MATRIX_ACCESS_TOKEN og matrix.device_id.
check-matrix-token-other = Adgangstokenet tilhører { $user }, ikke { $configured }.
check-fix-matrix-token-other = Brug et token for { $configured }, eller ret matrix.user_id.
check-matrix-no-device = Hjemmeserveren siger ikke, hvilken enhed adgangstokenet hører til.
check-fix-matrix-no-device = Sæt matrix.device_id (enheds-id'et, du fik med tokenet).
check-matrix-by-token = adgangstoken
check-matrix-by-session = session gemt ved første login
check-matrix-by-password = adgangskode (et testlogin, logget ud igen)
check-matrix-logged-in = Logget ind som { $user } ({ $how }).
check-matrix-space-none = Intet space endnu.
check-fix-matrix-space-none = Botten opretter et ved første start. Vil I bruge foreningens space i stedet, så sæt matrix.space_id og invitér botten dertil.
check-matrix-place-space = spacet { $space }
check-matrix-place-room = rummet for sektionen { $section } ({ $room })
check-matrix-power-creator = I { $place }: med, som dets opretter (går forud for alle magtniveauer).
check-matrix-power-ok = I { $place }: med, med magtniveau { $level }, hvilket er nok til det, den gør der.
check-matrix-power-low = I { $place }: magtniveau { $level }, men { $needed } kræves for at { $actions }.
check-fix-matrix-power = Giv { $user } magtniveau { $needed } eller mere i { $place } (Element: dets indstillinger → Roller og tilladelser).
check-matrix-need-invite = invitere medlemmer
check-matrix-need-space-child = vise sektionsrum i spacet
check-matrix-need-message = sende beskeder
check-matrix-need-reaction = tilføje reaktioner
check-matrix-invited = Inviteret til { $place }, ikke med endnu.
check-fix-matrix-invited = Intet at gøre: botten tager imod invitationen, når den kører; kontrollér derefter igen dens magtniveau der.
check-matrix-not-in = Botten er ikke med i { $place }.
check-fix-matrix-not-in = Invitér { $user } til { $room }: botten tager imod invitationer, når den kører.
check-matrix-state-unreadable = Botten kan ikke læse { $place } ({ $reason }).
check-fix-matrix-state = Kontrollér, at rummet stadig findes, og at botten stadig er med i det.
check-matrix-rooms-ok = { $count ->
        [0] Ingen sektionsrum endnu.
        [one] Botten er med i det ene sektionsrum, med de rettigheder, den har brug for.
       *[other] Botten er med i alle { $count } sektionsrum, med de rettigheder, den har brug for.
    }
check-matrix-exempt = Botten er undtaget fra hjemmeserverens hastighedsgrænser.
check-matrix-not-exempt = Botten er ikke undtaget fra hjemmeserverens hastighedsgrænser: den klarer sig, men indkaldelser til mange rum går langsomt ud.
check-matrix-exempt-unknown = Undtagelse fra hastighedsgrænser: ukendt (kun en hjemmeserveradministrators token må spørge).
check-fix-matrix-exempt = Bed hjemmeserverens administrator om at undtage { $user } (se README, Running on Matrix).

## Sundhedsrapport (section health): kun summer, aldrig et medlems navn.
cmd-section-health = sundhed
cmd-section-health-desc = En sektions sundhed i tal og et diagram (koordinatorer; alle sektioner for administratorer)
health-title = Sektionernes sundhed, { $period }
health-section = { $name } ({ $section })
health-trend-up = op
health-trend-down = ned
health-trend-same = uændret
health-meetings = Afholdte møder: { $now } (før: { $before }, { $trend })
health-answers = Ja og måske pr. møde: { NUMBER($now, maximumFractionDigits: 1) } (før: { NUMBER($before, maximumFractionDigits: 1) }, { $trend })
health-answers-split = Svar: { $yes } ja, { $maybe } måske
health-new-members = Nye medlemmer: { $now } (før: { $before }, { $trend })
health-memos = Referater lagt op: { $now } (før: { $before }, { $trend })
health-note = De seneste { $months } måneder sammenlignet med de { $months } før. Kun antal: ingen nævnes ved navn.
health-chart-title = Sektionerne, { $period }
health-chart-current = seneste { $months } måneder
health-chart-previous = de { $months } måneder før
health-chart-meetings = Afholdte møder
health-chart-answers = Ja og måske pr. møde
health-chart-new-members = Nye medlemmer
health-chart-memos = Referater

## Den månedlige sundhedsrapport i koordinatorernes sektion: kun antal, ingen nævnes, ingen rangordning.
health-month = { $month ->
    [1] januar
    [2] februar
    [3] marts
    [4] april
    [5] maj
    [6] juni
    [7] juli
    [8] august
    [9] september
    [10] oktober
    [11] november
   *[12] december
} { $year }
health-monthly-title = Sådan gik det for sektionerne i { $month }
health-monthly-intro = Tal for { $month }, sammenlignet med { $before }.
health-monthly-all = { $count ->
    [one] Alle sektioner (1)
   *[other] Alle sektioner ({ $count })
}
health-monthly-sensitive = { $count ->
    [one] Én sektion er følsom: den tælles med i linjen for alle sektioner, men nævnes ikke.
   *[other] { $count } sektioner er følsomme: de tælles med i linjen for alle sektioner, men nævnes ikke.
}
health-monthly-note = Kun antal: ingen nævnes ved navn, og sektionerne står i alfabetisk orden, ikke rangordnet. En koordinator ser sin sektions seneste tre måneder med /section health.

## meeting held: et møde, som ingen har sagt ja til, får alligevel sit referatudkast og sin påmindelse
cmd-meeting-held = afholdt
cmd-meeting-held-desc = Markér et møde som afholdt: referatudkastet sendes også uden et ja (for koordinatorer)
meeting-held-done = Mødet i { $section } { $when } er markeret som afholdt; koordinatorernes sammendrag beder om et referat, med en skabelon.
error-held-none = Intet møde i { $section } er begyndt endnu.
error-held-ahead = Mødet i { $section } { $when } er ikke begyndt endnu; markér det som afholdt, når det er begyndt.
error-held-cancelled = Mødet i { $section } { $when } er aflyst og kan derfor ikke markeres som afholdt.

## Overdragelse og at træde tilbage (issue 14).
cmd-section-handover = overdrag
cmd-section-handover-desc = Tilbyd et medlem din plads som sektionens koordinator (de siger ja)
cmd-section-coordinator-accept = modtag
cmd-section-coordinator-accept-desc = Sig ja til en overdragelse og koordinér sektionen
cmd-section-coordinator-decline = afslå
cmd-section-coordinator-decline-desc = Sig nej til en overdragelse
cmd-section-coordinator-step-down = træd-tilbage
cmd-section-coordinator-step-down-desc = Hold op med at koordinere en sektion (en administrator kan godkende det for den sidste koordinator)
handover-offered-title = Vil du koordinere { $section }?
handover-offered = { $member } vil gerne overdrage { $name } ({ $section }) til dig: du bliver dens koordinator, og { $member } træder tilbage.
handover-how-to-answer = Sig ja: { $prefix }section coordinator accept { $section }. Sig nej: { $prefix }section coordinator decline { $section }. Tilbuddet gælder til { $until }; indtil da ændres intet.
handover-offer-sent = { $member } er blevet spurgt privat, om de vil overtage { $section }. Du er koordinator, indtil de siger ja.
handover-accepted = Du koordinerer nu { $section }. Tak fordi du tager det på dig!
handover-previous-stepped-down = { $member } er trådt tilbage og er stadig med i { $section } som medlem.
handover-accepted-told = { $member } sagde ja til din overdragelse: de koordinerer nu { $section }, og du er medlem der. Tak for alt, hvad du har gjort!
handover-declined = Du sagde nej til at koordinere { $section }; intet er ændret.
handover-declined-told = { $member } sagde nej til at overtage { $section }. Du er stadig koordinator.
step-down-done = { $member } koordinerer ikke længere { $section } og er stadig med som medlem.
step-down-left-none = { $section } har ingen koordinator nu: fællesskabets administratorer får besked, med forslag til hvem der kan overtage.
error-handover-not-coordinator = Kun en koordinator for { $section } kan overdrage den (en administrator kan bruge { $prefix }section coordinator add).
error-handover-self = Du koordinerer allerede { $section }: angiv det medlem, du vil overdrage til.
error-no-handover = Ingen har tilbudt dig at koordinere { $section }.
error-handover-expired = Tilbuddet om at koordinere { $section } er udløbet; intet er ændret. Bed koordinatoren om at tilbyde det igen.
error-step-down-last = { $member } er den eneste koordinator for { $section }, og en sektion har brug for en. Overdrag den først ({ $prefix }section handover MEDLEM), eller bed en administrator om at godkende: { $prefix }section coordinator step-down { $section } { $member }

## Kontinuitet: hvem der kan spørges om at koordinere, sektioner uden koordinator, sektioner der taber pusten (issue 14).
cmd-profile-ask-to-coordinate = spørg-om-koordinering
cmd-profile-ask-to-coordinate-desc = Om du må foreslås, når en sektion mangler en koordinator
opt-willing = villig
opt-willing-desc = yes: du må foreslås; no: du foreslås ikke
cmd-section-what-works = hvad-virker
cmd-section-what-works-desc = Om koordinatormødet må nævne sektionen, når flere kommer til dens møder
opt-share = del
opt-share-desc = yes: koordinatormødet må nævne sektionen, når flere kommer til dens møder
ask-to-coordinate-yes = Tak! Når en sektion, du er med i, mangler en koordinator, kan fællesskabets administratorer foreslå dig. Du kan altid ombestemme dig: { $prefix }profile ask-to-coordinate no
ask-to-coordinate-no = Noteret: du bliver ikke foreslået som koordinator.
what-works-shared = Når flere kommer til møderne i { $section }, nævnes sektionen under "hvad der virker" på koordinatormødet, så andre kan lære af jer.
what-works-not-shared = { $section } nævnes ikke på koordinatormødet.
watch-uncoordinated-title = { $name } ({ $section }) mangler en koordinator
watch-uncoordinated-none = { $section } har ikke længere nogen koordinator.
watch-uncoordinated-quiet = Koordinatorerne for { $section } har ikke været aktive i otte uger; de har måske travlt med andet.
watch-uncoordinated-how = En administrator kan spørge nogen og gøre dem til koordinator: { $prefix }section coordinator add { $section } NAVN
watch-candidate = { $member } ({ $count ->
        [one] et ja
       *[other] { $count } ja
    })
watch-candidates = Medlemmer af { $section }, der har sagt, at de må spørges, de hyppigst kommende først: { $names }.
watch-candidates-none = Ingen i { $section } har endnu sagt, at de må spørges ({ $prefix }profile ask-to-coordinate yes).
watch-candidates-sensitive = Hvem der er med i { $section }, er for dens medlemmer at vide, så ingen nævnes her.
watch-continuity-title = Hvordan vores sektioner har det
watch-continuity-intro = Alle netværk har stille perioder; her kan en hånd være til hjælp.
watch-not-meeting-count = { $count ->
        [one] Én sektion har ikke holdt møde i seks uger.
       *[other] { $count } sektioner har ikke holdt møde i seks uger.
    }
watch-nobody-coming-count = { $count ->
        [one] Én sektions tre seneste møder fik intet ja.
       *[other] { $count } sektioners tre seneste møder fik intet ja.
    }
watch-continuity-ideas = Deres koordinatorer har fået en note med idéer: et nyt tidspunkt, en gæstetaler fra behovslisten eller en pause. Hvis noget virkede for jeres sektion, så del det gerne her.
digest-continuity-not-meeting = { $section } har ikke holdt møde i seks uger.
digest-continuity-nobody-coming = Ingen sagde ja til de tre seneste møder i { $section }.
digest-continuity-ideas = Ville et nyt tidspunkt hjælpe, en gæstetaler fra behovslisten ({ $prefix }section needs { $section }), eller en pause? Hvad du end vælger, er i orden.

## Koordinatormødet: hvad der virker (issue 14).
agenda-kind-what-works = Hvad der virker: sektioner, hvor flere er kommet, fortæller hvordan
agenda-what-works-sections = Flere kommer, og de fortæller gerne: { $sections }
agenda-what-works-none = Ingen sektion har delt en fremgang denne gang: tag det med, der virkede for jer.

## At spørge én gang, om et medlem må spørges om at koordinere (issue 14).
ask-to-coordinate-title = Må vi spørge dig en dag?
ask-to-coordinate-question = Du er en af dem, der oftest kommer til { $section }. Når en sektion mangler en til at koordinere, må fællesskabets administratorer så foreslå dig? Et ja lover ingenting.
ask-to-coordinate-how = Svar med { $prefix }profile ask-to-coordinate yes (eller no). Jeg spørger ikke igen, og du kan altid ændre dit svar.
