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
opt-place = ort
opt-place-desc = Var du arbetar eller bor
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
section-coordinator-added = { $member } är nu samordnare för { $section }.
section-coordinator-removed = { $member } är inte längre samordnare för { $section }.
announce-section-opened = Ny sektion: { $name } ({ $section }).
announce-section-join-hint = Gå med i den med { $prefix }section join { $section }.
announce-section-proposed = { $member } föreslår en ny sektion: { $name } ({ $section }).
announce-section-approve-hint = En administratör kan godkänna den med { $prefix }section approve { $section }.

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
directory-line = • { $member } — { $trade }, { $company }, { $place }: { $does }
directory-none = Ingen synlig profil matchar ”{ $query }”.
directory-more = Bara de första { $limit } visas; lägg till ett ord för att begränsa sökningen.
directory-hint = Se en hel profil med { $prefix }profile show NAMN.

## Fel
error-unexpected = Förlåt, något gick fel hos mig. Inget har ändrats; försök igen lite senare.
error-control-characters = Fältet { $field } innehåller styrtecken; skriv vanlig text.
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
error-coordinators-automatic = Det går inte att gå med i samordnarnas sektion själv: alla sektioners samordnare är med där automatiskt.
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
