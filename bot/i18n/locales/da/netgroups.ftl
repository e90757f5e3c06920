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
opt-place-desc = Hvor du arbejder eller bor
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
section-coordinator-added = { $member } er nu koordinator for { $section }.
section-coordinator-removed = { $member } er ikke længere koordinator for { $section }.
announce-section-opened = Ny sektion: { $name } ({ $section }).
announce-section-join-hint = Meld dig ind i den med { $prefix }section join { $section }.
announce-section-proposed = { $member } foreslår en ny sektion: { $name } ({ $section }).
announce-section-approve-hint = En administrator kan godkende den med { $prefix }section approve { $section }.

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
directory-line = • { $member } — { $trade }, { $company }, { $place }: { $does }
directory-none = Ingen synlig profil matcher »{ $query }«.
directory-more = Viser de første { $limit }; tilføj et ord for at indsnævre søgningen.
directory-hint = Se en hel profil med { $prefix }profile show NAVN.

## Fejl
error-unexpected = Beklager, noget gik galt hos mig. Intet er ændret; prøv igen lidt senere.
error-control-characters = Feltet { $field } indeholder kontroltegn; skriv almindelig tekst.
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
error-coordinators-automatic = Man kan ikke selv melde sig ind i koordinatorernes sektion: alle sektioners koordinatorer er automatisk med i den.
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
