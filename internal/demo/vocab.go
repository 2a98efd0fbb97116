package demo

// Vocabularies of the youth and family field for the example offers and the
// benchmark generator. Lists are ordered from common to rare: the generator
// picks with Zipf-like weights, so the first entries of a list turn up in many
// texts and the last ones in few, as in real directories.

// audience is whom an offer is for, in the two cases the templates need:
// accusative/nominative plural ("richtet sich an Kinder") and dative
// ("mit Kindern"), with the target groups and the age range it implies.
type audience struct {
	groups   []string
	acc, dat string
	min, max int // -1: open
}

var audiences = map[string]audience{
	"kinder-gs":       {[]string{"kinder"}, "Kinder im Grundschulalter", "Kindern im Grundschulalter", 6, 12},
	"kinder":          {[]string{"kinder"}, "Kinder von 6 bis 13 Jahren", "Kindern von 6 bis 13 Jahren", 6, 13},
	"kinder-klein":    {[]string{"kinder", "familien"}, "Kinder im Kita-Alter und ihre Eltern", "Kindern im Kita-Alter und ihren Eltern", 3, 6},
	"babys":           {[]string{"eltern", "kinder"}, "Eltern mit Babys und Kleinkindern", "Eltern mit Babys und Kleinkindern", 0, 3},
	"jugend":          {[]string{"jugendliche"}, "Jugendliche von 12 bis 17 Jahren", "Jugendlichen von 12 bis 17 Jahren", 12, 17},
	"jugend-14":       {[]string{"jugendliche"}, "Jugendliche ab 14 Jahren", "Jugendlichen ab 14 Jahren", 14, 21},
	"kinder-jugend":   {[]string{"kinder", "jugendliche"}, "Kinder und Jugendliche", "Kindern und Jugendlichen", 6, 18},
	"junge-menschen":  {[]string{"jugendliche", "junge-erwachsene"}, "Jugendliche und junge Erwachsene", "Jugendlichen und jungen Erwachsenen", 14, 27},
	"junge-erw":       {[]string{"junge-erwachsene"}, "junge Erwachsene bis 27 Jahre", "jungen Erwachsenen bis 27 Jahre", 18, 27},
	"eltern":          {[]string{"eltern"}, "Eltern", "Eltern", -1, -1},
	"familien":        {[]string{"familien"}, "Familien", "Familien", -1, -1},
	"familien-klein":  {[]string{"familien"}, "Familien mit kleinen Kindern", "Familien mit kleinen Kindern", 0, 6},
	"alleinerziehend": {[]string{"alleinerziehende", "eltern"}, "alleinerziehende Mütter und Väter", "alleinerziehenden Müttern und Vätern", -1, -1},
	"schwangere":      {[]string{"schwangere"}, "Schwangere und werdende Eltern", "Schwangeren und werdenden Eltern", -1, -1},
	"maedchen":        {[]string{"maedchen"}, "Mädchen ab 10 Jahren", "Mädchen ab 10 Jahren", 10, 18},
	"maedchen-frauen": {[]string{"maedchen"}, "Mädchen und junge Frauen", "Mädchen und jungen Frauen", 12, 27},
	"jungen":          {[]string{"jungen"}, "Jungen ab 10 Jahren", "Jungen ab 10 Jahren", 10, 18},
	"jungen-maenner":  {[]string{"jungen"}, "Jungen und junge Männer", "Jungen und jungen Männern", 12, 27},
	"queer":           {[]string{"queer", "jugendliche"}, "queere Jugendliche", "queeren Jugendlichen", 14, 27},
	"gefl-familien":   {[]string{"gefluechtete", "familien"}, "geflüchtete Familien", "geflüchteten Familien", -1, -1},
	"gefl-jugend":     {[]string{"gefluechtete", "jugendliche"}, "geflüchtete Jugendliche", "geflüchteten Jugendlichen", 14, 21},
	"inklusiv":        {[]string{"kinder", "behinderung"}, "Kinder mit und ohne Behinderung", "Kindern mit und ohne Behinderung", 6, 14},
	"frauen-kinder":   {[]string{"familien"}, "Frauen und ihre Kinder", "Frauen und ihren Kindern", -1, -1},
	"fachkraefte":     {[]string{"fachkraefte"}, "Fachkräfte aus Kita, Schule und Jugendhilfe", "Fachkräften aus Kita, Schule und Jugendhilfe", -1, -1},
}

// costOption is a costs field and the sentence that says it.
type costOption struct{ field, sentence string }

var costsFree = []costOption{
	{"kostenfrei", "Die Teilnahme ist kostenfrei."},
	{"kostenlos", "Das Angebot ist kostenlos."},
	{"kostenfrei", "Es entstehen keine Kosten."},
	{"kostenfrei, Spenden willkommen", "Die Teilnahme ist kostenfrei, über eine kleine Spende freuen wir uns."},
	{"", ""},
}

var costsCourse = []costOption{
	{"kostenfrei", "Die Teilnahme ist kostenfrei."},
	{"2 € pro Termin", "Wir bitten um einen Beitrag von 2 € pro Termin."},
	{"5 € Materialkosten", "Für Material fallen einmalig 5 € an."},
	{"Mitgliedsbeitrag 15 € im Monat, ermäßigt 5 €", "Der Mitgliedsbeitrag beträgt 15 € im Monat, ermäßigt 5 €; mit Sozialpass ist die Teilnahme frei."},
	{"nach Einkommen gestaffelt", "Der Beitrag richtet sich nach dem Einkommen, niemand wird aus Geldgründen abgewiesen."},
	{"30 € für 10 Termine", "Der Kurs kostet 30 € für zehn Termine, eine Ermäßigung ist möglich."},
}

var costsCafe = []costOption{
	{"kostenfrei", "Die Teilnahme ist kostenfrei."},
	{"1 € für das Frühstück", "Für das Frühstück bitten wir um 1 €."},
	{"kostenfrei, Spenden willkommen", "Kaffee und Tee sind frei, über eine kleine Spende freuen wir uns."},
	{"", ""},
}

var costsCounselling = []costOption{
	{"kostenfrei", "Die Beratung ist vertraulich und kostenfrei."},
	{"kostenfrei und vertraulich", "Die Beratung ist kostenlos, vertraulich und auf Wunsch anonym."},
	{"kostenfrei", "Die Beratung kostet nichts; die Mitarbeitenden unterliegen der Schweigepflicht."},
}

var costsHelp = []costOption{
	{"Hilfe zur Erziehung nach SGB VIII: für Familien kostenfrei", "Die Hilfe wird über das Jugendamt bewilligt und ist für Familien kostenfrei."},
	{"über das Jugendamt", "Zugang über das Jugendamt; die Kosten trägt die öffentliche Jugendhilfe."},
}

var costsKita = []costOption{
	{"Betreuung beitragsfrei, Eigenanteil für das Essen", "Die Betreuung ist beitragsfrei, für das Essen fällt ein Eigenanteil an."},
	{"Elternbeitrag nach Einkommen", "Der Elternbeitrag richtet sich nach dem Einkommen der Familie."},
}

var activities = []string{
	"Kochen", "Basteln", "Tischtennis", "Billard", "Fußball", "Brettspiele", "Tanzen", "Malen", "Backen", "Kicker",
	"Basketball", "Musik machen", "Videospiele", "Ausflüge", "Fussball", "Theater", "Graffiti", "Gärtnern", "Schach", "Klettern",
	"Singen", "Fotografie", "Nähen", "Zeichnen", "Hip-Hop", "Breakdance", "Filmabende", "Boxen", "Töpfern", "Skaten",
	"Gesellschaftsspiele", "Fahrradreparatur", "Holzwerkstatt", "Programmieren", "Robotik", "Zirkus", "Jonglieren", "Yoga", "Schwimmen", "Wandern",
	"Karaoke", "Quizabende", "Kinoabende", "Podcasts", "Videodreh", "Rap-Workshops", "DJ-Workshops", "Schlagzeug", "Gitarre", "Keyboard",
	"Siebdruck", "Upcycling", "Stricken", "Tierpflege", "Ponyreiten", "Bouldern", "Parkour", "Kampfsport", "Akrobatik", "Improtheater",
	"Trickfilm", "Hörspiele", "Schülerzeitung", "Radio", "3D-Druck", "Löten", "Elektronikbasteln", "Lagerfeuer", "Stockbrot", "Grillen",
	"Kiezrallyes", "Schnitzeljagd", "Geocaching", "Lesen", "Vorlesen", "Poetry Slam", "Comics zeichnen", "Mangazeichnen", "Modenschau", "Fotoshootings",
	"Reparaturcafé", "Kochduelle", "alkoholfreie Cocktails", "Tischfußball", "Dart", "Airhockey", "Volleyball", "Badminton", "Frisbee", "Kinderdisco",
	"Jugenddisco", "Fußballturniere", "Tischtennisturniere", "Bewegungsspiele", "Entspannungsübungen", "Mädchenabende", "Jungsabende", "Bandproben", "Musikproduktion", "Beatbau",
	"Instrumentenbau", "Trommeln", "Percussion", "Stadtspiele", "Stadtteilerkundungen", "Naturerkundungen", "Experimente", "Mikroskopieren", "Sternegucken", "Kräuterbeete",
	"Kompostieren", "Müllsammelaktionen", "Kiezputz", "Spielenachmittage", "Bastelnachmittage", "Kinderflohmarkt", "Sommerfeste", "Laternenumzüge", "Adventsbasteln", "Plätzchenbacken",
	"Ostereierfärben", "Kürbisschnitzen", "Drachenbauen", "Seifenkistenbau", "Modellbau", "Lego-Bauen", "Minecraft", "E-Sport", "Filmschnitt", "Zeitungsprojekte",
	"Medienkompetenz", "Selbstverteidigung", "Erste Hilfe", "Radfahrtraining", "Inlineskaten", "Rollschuhlaufen", "Eislaufen", "Rudern", "Kanufahren", "Angeln",
	"Zeltlager", "Ferienfahrten", "Tagesfahrten", "Imkerei", "Hühnerhaltung", "Ziegenpflege", "Lehmbau", "Hüttenbau", "Schmieden", "Filzen",
	"Kalligrafie", "Origami", "Scherenschnitt", "Schattentheater", "Puppentheater", "Marionettenbau", "Bühnenbau", "Lichttechnik", "Tontechnik", "Beatboxen",
	"Capoeira", "Taekwondo", "Judo", "Ringen", "Fechten", "Bogenschießen", "Slackline", "Einradfahren", "Trampolinspringen", "Kinderyoga",
	"Aquarellmalen", "Acrylmalen", "Linoldruck", "Holzschnitzen", "Korbflechten", "Mosaiklegen", "Glasmalerei", "Schmuckbasteln", "Perlenweben", "Makramee",
	"Häkeln", "Sticken", "Patchwork", "Kerzenziehen", "Seifensieden", "Papierschöpfen", "Buchbinden", "Fotostorys", "Stop-Motion-Filme", "Drohnenfliegen",
	"Schachturniere", "Sudoku", "Rätselrallyes", "Escape-Spiele", "Rollenspiele", "Tabletop-Spiele", "Kartenspiele", "Skat", "Backgammon", "Mühle",
	"Flag Football", "Streetball", "Tischhockey", "Hockey", "Rugby", "Lacrosse", "Baseball", "Softball", "Tennis", "Squash",
	"Ultimate Frisbee", "Spikeball", "Kubb", "Boule", "Minigolf", "Kegeln", "Bowling", "Tanzspiele", "Zumba", "Aerobic",
	"Gesellschaftstanz", "Standardtanz", "Salsa", "Bollywood-Tanz", "Bauchtanz", "Volkstanz", "Stepptanz", "Ballett", "Jazzdance", "Contemporary Dance",
	"Gospelsingen", "Rapmusik", "Songwriting", "Ukulele", "Cajón", "Darbuka", "Saz", "Geige", "Blockflöte", "Bandcoaching",
	"Vogelbeobachtung", "Insektenhotels", "Nistkästen bauen", "Pilzkunde", "Baumklettern", "Bogenbau", "Feuermachen", "Spurenlesen", "Floßbau", "Wasserexperimente",
	"Chemieexperimente", "Elektrotechnik", "Mikrocontroller", "Lötkurse", "App-Entwicklung", "Webdesign", "Bildbearbeitung", "Vloggen", "Livestreaming", "Fotoromane",
	"Debattierclub", "Jugendparlament", "Kinderrat", "Stadtteilzeitung", "Interviews", "Reportagen", "Stadtführungen", "Zeitzeugengespräche", "Gedenkstättenfahrten", "Erinnerungsarbeit",
}

// goals complete "Ziel ist es, …".
var goals = []string{"das Selbstvertrauen zu stärken", "Freundschaften zu knüpfen", "Konflikte gewaltfrei zu lösen", "neue Interessen zu entdecken",
	"Verantwortung zu übernehmen", "die Sprache im Alltag zu üben", "Eltern untereinander zu vernetzen", "Familien früh zu entlasten",
	"den Übergang in die Schule zu erleichtern", "Jugendlichen eine Stimme im Kiez zu geben", "Bewegung in den Alltag zu bringen",
	"Vorurteile abzubauen", "Kinder in ihren Rechten zu stärken", "gemeinsam etwas auf die Beine zu stellen", "Isolation zu überwinden",
	"Wege in Ausbildung und Beruf zu ebnen", "Erziehungskompetenzen zu fördern", "Mädchen Räume für sich zu geben", "Rollenbilder zu hinterfragen",
	"die Nachbarschaft zusammenzubringen", "Kreativität zu wecken", "Teamgeist zu erleben", "Medien kritisch nutzen zu lernen",
	"gesund und ausgewogen zu essen", "Stress abzubauen", "Grenzen zu erkennen und zu respektieren", "Mehrsprachigkeit als Stärke zu erleben",
	"Demokratie im Kleinen zu üben", "Natur mit allen Sinnen zu erfahren", "handwerkliche Fähigkeiten auszuprobieren", "Selbstständigkeit zu fördern",
	"Fairness und Respekt zu leben", "Familienzeit ohne Bildschirm zu genießen", "die eigene Meinung zu vertreten", "Hilfen rechtzeitig zu finden",
	"Wissen über Rechte und Ansprüche zu vermitteln", "Belastungen früh zu erkennen", "Ressourcen der Familie zu stärken", "Schulabbrüche zu vermeiden",
	"Zugänge zu Sportvereinen zu schaffen"}

// methods complete "Wir arbeiten mit …".
var methods = []string{"spielerischen Übungen", "kreativen Methoden", "Elementen der Erlebnispädagogik", "systemischen Methoden", "Methoden der Theaterpädagogik",
	"Elementen der Montessori-Pädagogik", "Ansätzen der Resilienzförderung", "Peer-Education", "Videofeedback",
	"Methoden der gewaltfreien Kommunikation", "Achtsamkeitsübungen", "psychomotorischen Angeboten", "Elementen der Medienpädagogik",
	"partizipativen Methoden", "Biografiearbeit", "ressourcenorientierten Gesprächen", "Marte-Meo-Elementen", "Sprachspielen",
	"Bewegungsspielen", "Rollenspielen und Planspielen", "Elementen der Kunsttherapie", "Musik und Rhythmus", "Geschichten und Bilderbüchern",
	"Mentoring-Tandems", "kollegialer Beratung", "Zukunftswerkstätten", "Elementen der Naturpädagogik", "interkulturellen Trainings"}

// atmospheres complete "in … Atmosphäre".
var atmospheres = []string{"entspannter", "gemütlicher", "ruhiger", "familiärer", "lockerer", "fröhlicher", "vertrauensvoller", "wertschätzender",
	"geschützter", "offener", "lebendiger", "herzlicher"}

// destinations are where outings go, with their preposition.
var destinations = []string{"ins Kino", "in den Zoo", "ins Schwimmbad", "in den Tierpark", "an den Badesee", "ins Theater", "an die Ostsee", "in den Spreewald",
	"ins Planetarium", "ins Naturkundemuseum", "in den Kletterwald", "auf einen Bauernhof", "ins Technikmuseum", "zum Schlittschuhlaufen", "in die Kletterhalle",
	"in den Botanischen Garten", "auf den Abenteuerspielplatz", "in die Jugendherberge", "an die Havel", "in den Harz",
	"ins Computerspielemuseum", "zum Bowling", "in die Stadtbibliothek", "ins Jugendkulturzentrum", "zum Minigolf", "in ein Zeltlager", "auf die Pfaueninsel",
	"ins Deutsche Museum", "in die Sächsische Schweiz", "an die Müritz", "ins Erlebnisbad", "auf den Weihnachtsmarkt", "in den Wildpark", "zur Eisbahn",
	"ins Science Center", "in die Uckermark", "ins Hallenbad", "zum Trampolinpark", "in den Volkspark", "auf eine Segelyacht"}

// dishes are what groups cook together, from many kitchens.
var dishes = []string{"Pizza", "Linsensuppe", "Pfannkuchen", "Gemüsecurry", "Börek", "Falafel", "Pelmeni", "Borschtsch", "Spätzle", "Waffeln",
	"Obstsalat", "Couscous", "Hummus", "Kartoffelsuppe", "Nudelauflauf", "Frühlingsrollen", "Dal", "Empanadas", "Sushi", "Plov",
	"Lahmacun", "Gözleme", "Syrniki", "Pierogi", "Shakshuka", "Tabouleh", "Kürbissuppe", "Quarkbällchen", "Apfelkuchen", "Bananenbrot",
	"Milchreis", "Kaiserschmarrn", "Gemüsepfanne", "Flammkuchen", "Wraps", "Smoothies", "Müsliriegel", "Tortillas", "Baklava", "Mantı"}

// projects are longer undertakings of a group.
var projects = []string{"ein Sommerfest", "ein Theaterstück", "ein Wandbild", "einen Kiezgarten", "ein Lastenrad für alle", "einen Bienenstock", "eine Fahrradwerkstatt", "ein Hochbeet", "eine Tauschbörse",
	"einen Bücherschrank", "eine Kiezkarte", "einen Podcast", "ein Hörspiel", "eine Fotoausstellung", "einen Kurzfilm", "ein Kochbuch",
	"eine Stadtteilrallye", "einen Spielplatzcheck", "eine Kinderstadtkarte", "ein Graffiti an der Turnhalle", "ein Insektenhotel", "eine Schülerfirma",
	"einen Flohmarkt", "ein Musikvideo", "eine Zeitung", "einen Kräutergarten", "eine Lesenacht", "ein Repair-Café",
	"eine Kleidertauschparty", "einen Kinoabend unter freiem Himmel"}

var themes = []string{
	"Erziehung", "Streit in der Familie", "Trennung und Scheidung", "Schwierigkeiten in der Schule", "Pubertät", "Medienkonsum", "Mobbing", "Angst und Sorgen", "Umgangsrecht", "Geschwisterstreit",
	"Schlafstörungen", "Wut und Trotz", "Regeln und Grenzen", "Cybermobbing", "Schulangst", "Lernschwierigkeiten", "Trauer", "Sorgerecht", "Sprachentwicklung", "Stress",
	"Gewalt in der Familie", "Kinderschutz", "ADHS", "Essstörungen", "Depressionen", "Selbstverletzung", "Schulverweigerung", "Trotzphase", "Patchworkfamilien", "Unterhalt",
	"Kindergeld", "Elterngeld", "Kinderzuschlag", "Bürgergeld", "Wohngeld", "Bildung und Teilhabe", "Kita-Platzsuche", "Kita-Gutschein", "Schulwechsel", "Übergang in die Schule",
	"Übergang in den Beruf", "Ausbildungssuche", "Jobsuche", "BAföG", "Verschuldung", "Wohnungsnot", "Aufenthaltsrecht", "Asylverfahren", "Anerkennung von Abschlüssen", "Rassismus",
	"Diskriminierung", "Coming-out", "Liebe und Freundschaft", "Verhütung", "Schwangerschaft", "Schwangerschaftskonflikt", "Pränataldiagnostik", "Geburt", "Stillen", "Wochenbett",
	"Frühgeburt", "Schreibabys", "Behinderung", "Krankheit", "Pflege von Angehörigen", "Einsamkeit", "Alkohol", "Cannabis", "Glücksspiel", "Computerspielsucht",
	"Legasthenie", "Dyskalkulie", "Entwicklungsverzögerungen", "Sauberkeitserziehung", "Taschengeld", "Gewalterfahrungen", "Gewalt in der Partnerschaft", "Stalking", "Zwangsverheiratung", "Radikalisierung",
	"Extremismus", "Religion", "Vaterschaft", "Pflegefamilien", "Adoption", "Regenbogenfamilien", "Identität", "Kinderarmut", "Ernährung", "Übergewicht",
	"Zahngesundheit", "Impfungen", "Vorsorgeuntersuchungen", "Burn-out", "Ärger mit den Nachbarn", "Freizeitgestaltung", "Mediennutzung im Kleinkindalter", "Hochbegabung", "Prüfungsangst", "Liebeskummer",
	"Handysucht", "Sexting", "Datenschutz im Netz", "Onlinespiele", "Influencer", "Körperbild", "Schönheitsideale", "Gruppendruck", "Mutproben", "Vandalismus",
	"Jugendstrafverfahren", "Schulden bei Handyverträgen", "Ausbildungsabbruch", "Studienwahl", "Freiwilligendienst", "Auslandsaufenthalt", "Führerschein", "Wohnungssuche", "Mietschulden", "Energiekosten",
	"Mehrsprachigkeit", "Stottern", "Autismus", "Hörbehinderung", "Sehbehinderung", "Diabetes", "Asthma", "Allergien", "Neurodermitis", "Schlafmangel",
	"Einschlafrituale", "Zahnen", "Beikost", "Abstillen", "Trockenwerden", "Eingewöhnung in die Kita", "Geschwisterrivalität", "Großeltern", "Pflegekinder", "Trennungskinder",
	"Vaterrolle", "Elternzeit", "Vereinbarkeit von Familie und Beruf", "Mutterschutz", "Kinderbetreuung", "Ferienbetreuung", "Schulanmeldung", "Schulhilfekonferenz", "Inklusion in der Schule", "Nachteilsausgleich",
	"Gewaltprävention", "Antisemitismus", "Antiziganismus", "Queerfeindlichkeit", "Verschwörungserzählungen", "Fake News", "Hate Speech", "Cybergrooming", "Kinderrechte", "Beteiligung",
}

var streets = []string{
	"Gneisenaustraße", "Görlitzer Straße", "Grabbeallee", "Hagenstraße", "Hainbuchenweg", "Hasenweg", "Heckenrosenweg", "Hirschsprung", "Holsteiner Straße", "Ilsestraße",
	"Immenweg", "Jasminweg", "Kamillenstraße", "Kiebitzweg", "Kleiststraße", "Knesebeckstraße", "Kopernikusstraße", "Kranoldplatz", "Lauenburger Straße", "Lilienthalstraße",
	"Malvenweg", "Margeritenweg", "Mohnweg", "Nettelbeckplatz", "Nollendorfstraße", "Oderstraße", "Ostseestraße", "Pestalozzistraße", "Quitzowstraße", "Rheinstraße",
	"Ringelnatzweg", "Sanddornweg", "Scharnhorststraße", "Seidelbastweg", "Spreewaldstraße", "Stieglitzweg", "Thälmannstraße", "Ulmenallee", "Veilchenweg", "Wacholderweg",
	"Ahornstraße", "Akeleiweg", "Am Bahndamm", "Am Feldrain", "Am Fließ", "Am Kiesteich", "Am Lindenhof", "Am Rosengarten", "Am Sandberg", "Am Weiher",
	"Annenstraße", "Apfelweg", "Asternweg", "Augustastraße", "Bachstraße", "Barbarossastraße", "Bärenweg", "Bauhofstraße", "Blumenstraße", "Bornholmer Weg",
	"Buchenweg", "Bülowstraße", "Dahlienweg", "Dammweg", "Ebereschenweg", "Elsterweg", "Enzianstraße", "Erich-Kästner-Straße", "Fasanenstraße", "Florastraße",
	"Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Lindenstraße", "Kirchstraße", "Goethestraße", "Schillerstraße", "Parkstraße", "Waldstraße",
	"Dorfstraße", "Ringstraße", "Birkenweg", "Am Anger", "Marktplatz", "Mühlenweg", "Rosenstraße", "Wiesenweg", "Feldstraße", "Bergstraße",
	"Brunnenstraße", "Mozartstraße", "Beethovenstraße", "Heinestraße", "Lessingstraße", "Uhlandstraße", "Körnerstraße", "Humboldtstraße", "Kantstraße", "Fontanestraße",
	"Luisenstraße", "Wilhelmstraße", "Friedrichstraße", "Karl-Marx-Straße", "Rosa-Luxemburg-Straße", "Käthe-Kollwitz-Straße", "Bertolt-Brecht-Straße", "Am Stadtpark", "Seestraße", "Uferweg",
	"Kanalstraße", "Hafenstraße", "Brückenstraße", "Eichendorffstraße", "Herderstraße", "Kastanienallee", "Lindenallee", "Pappelallee", "Eichenallee", "Platanenstraße",
	"Akazienstraße", "Tulpenweg", "Nelkenweg", "Fliederweg", "Holunderweg", "Sonnenallee", "Sternstraße", "Grüner Weg", "Alte Dorfstraße", "Am Schlosspark",
	"Schloßstraße", "Große Straße", "Gartenweg", "Rathausstraße", "Poststraße", "Fabrikstraße", "Am Wasserturm", "Turmstraße", "Mittelstraße", "Querstraße",
	"Neue Straße", "Alte Schulstraße", "Weidenweg", "Erlenweg", "Kiefernweg", "Tannenweg", "Fichtestraße", "Jahnstraße", "Sportplatzweg", "Ahornweg",
	"Amselweg", "Drosselgasse", "Lerchenweg", "Meisenweg", "Finkenstraße", "Falkenweg", "Kranichstraße", "Storchenweg", "Schwalbenweg", "Möwenstraße",
}

var landmarks = []string{"Park", "See", "Kanal", "Markt", "Bahnhof", "Wasserturm", "Stadtpark", "Spielplatz", "Rathaus", "Anger",
	"Mühlenteich", "Schlosspark", "Ufer", "Hafen", "Feld", "Wäldchen", "Dorfteich", "Sportplatz", "Kirchplatz", "Fließ"}

var fallbackDistricts = []string{"Nordstadt", "Südstadt", "Altstadt", "Weststadt", "Oststadt", "Neustadt", "Am Hafen", "Gartenstadt",
	"Siedlung am Wald", "Bahnhofsviertel", "Musikerviertel", "Blumenviertel"}

var daytimes = []string{"am Nachmittag", "nach der Schule", "ab 16 Uhr", "am frühen Abend", "am Vormittag", "ab 15 Uhr", "von 16 bis 18 Uhr",
	"am Abend", "in der Mittagszeit", "ab 17:30 Uhr"}

var weekdayAdverbs = []string{"dienstags", "montags", "mittwochs", "donnerstags", "freitags", "dienstags und donnerstags", "montags und mittwochs",
	"samstags", "jeden zweiten Freitag", "einmal im Monat samstags", "sonntags"}

var partners = []string{"Schulen", "Kitas", "dem Jugendamt", "dem Regionalen Sozialpädagogischen Dienst", "Sportvereinen", "dem Familienzentrum",
	"der Stadtteilbibliothek", "dem Quartiersmanagement", "Kinderärztinnen und Kinderärzten", "Hebammen", "der Erziehungsberatungsstelle",
	"der Jugendberufsagentur", "Migrantenorganisationen", "Moschee- und Kirchengemeinden", "dem Nachbarschaftshaus", "Wohnungsbaugesellschaften"}

var funders = []string{"vom Jugendamt", "über das Sozialraumbudget", "aus Mitteln des Bezirks", "aus Landesmitteln nach dem Familienfördergesetz",
	"aus Mitteln der Bundesstiftung Frühe Hilfen", "durch das Programm „Bildung und Teilhabe“", "durch Spenden", "durch eine private Stiftung",
	"aus dem Jugendfördergesetz"}

var transports = []string{"Bus und Bahn", "der U-Bahn", "der S-Bahn", "der Straßenbahn", "dem Fahrrad", "dem Bus"}

var kitaNames = []string{"Sonnenschein", "Regenbogen", "Pusteblume", "Wirbelwind", "Rappelkiste", "Sternschnuppe", "Zwergenland", "Wichtelhaus",
	"Kunterbunt", "Spatzennest", "Löwenzahn", "Schatzkiste", "Purzelbaum", "Kleine Strolche", "Traumland", "Mäusenest", "Farbklecks",
	"Glühwürmchen", "Marienkäfer", "Seepferdchen", "Weltentdecker", "Füchse", "Kleine Forscher", "Sonnenblume", "Wolkenschloss"}

var saints = []string{"St. Markus", "St. Johannes", "Zum Guten Hirten", "St. Marien", "Heilig Kreuz", "St. Paulus", "Zion", "Emmaus", "St. Thomas",
	"Versöhnung", "Bethlehem", "St. Nikolai", "Frieden", "St. Josef", "Auferstehung"}

// providerPatterns build invented organisation names; {region} is an area
// name or an invented one.
var providerPatterns = []string{
	"Kinder- und Jugendhilfe {region} e.V.", "Nachbarschaftshaus {region} e.V.", "Stadtteilzentrum {region} gGmbH", "Jugendwerk {region} e.V.",
	"Familienforum {region} e.V.", "Verein für Jugendarbeit {region} e.V.", "[Neue|Gemeinsame|Starke|Offene|Bunte] Wege Jugendhilfe gGmbH",
	"Kinderhaus {region} e.V.", "Bildungswerk {region} gGmbH", "Sportverein {region} [1890|1910|1921|1949|1990] e.V.", "Fußballverein [Blau-Weiß|Grün-Weiß|Rot-Weiß|Eintracht|Union] {region} e.V.",
	"Musikschule {region}", "Kulturverein {region} e.V.", "Elterninitiative {region} e.V.", "Förderverein Familienzentrum {region} e.V.",
	"Mädchenhaus {region} e.V.", "Beratungszentrum {region} gGmbH", "Familienbildungsstätte {region} e.V.", "[Evangelische|Katholische] Kirchengemeinde {saint}",
	"Stiftung [Sonnenstrahl|Lichtblick|Kinderglück|Zukunft|Brückenschlag|Weitblick]", "Jugendhilfeverbund {region} gGmbH", "Zirkusprojekt {region} e.V.",
	"Interkultureller Verein {region} e.V.", "Erziehungshilfe {region} gGmbH", "Frauenzentrum {region} e.V.", "Kinderbauernhof {region} e.V.",
	"Schwimmverein {region} e.V.", "Theaterwerkstatt {region} e.V.", "Lernpaten {region} e.V.", "Migrantinnenverein {region} e.V.",
}

var publicProviderPatterns = []string{"Jugendamt {region}", "Bezirksamt {region}, Jugendamt", "Gesundheitsamt {region}", "Stadt {region}, Amt für Jugend und Familie"}

var regionWords = []string{"Spreebogen", "Havelufer", "Wuhletal", "Nordkiez", "Südstern", "Lindenhof", "Am Kanal", "Mühlenberg", "Sonnenhügel", "Weidendamm",
	"Fliederhof", "Auenland", "Seeblick", "Kiefernheide", "Eichkamp", "Rosengarten", "Birkenwerder", "Hasenheide", "Rohrbruch", "Schilfufer"}

// placeKinds name invented places by family; "in" is the preposition with
// article for "im Familienzentrum …" / "in der Beratungsstelle …".
type placeKind struct {
	name, in string
}

var placeKinds = map[string][]placeKind{
	"jugend": {{"Jugendclub {district}", "im"}, {"Jugendklub {street}", "im"}, {"Jugendtreff {district}", "im"}, {"Kinder- und Jugendhaus {district}", "im"},
		{"Jugendfreizeiteinrichtung {street}", "in der"}, {"Freizeithaus {district}", "im"}, {"Kinderhaus {street}", "im"}, {"Jugendzentrum {district}", "im"},
		{"Haus der Jugend {district}", "im"}, {"Jugendfreizeitheim {street}", "im"}, {"Kinderfreizeithaus {district}", "im"}},
	"spiel": {{"Abenteuerspielplatz {district}", "auf dem"}, {"Kinderbauernhof {district}", "auf dem"}, {"Bauspielplatz {street}", "auf dem"},
		{"Jugendfarm {district}", "auf der"}},
	"familie": {{"Familienzentrum {street}", "im"}, {"Familienzentrum {district}", "im"}, {"Stadtteilzentrum {district}", "im"}, {"Nachbarschaftshaus {street}", "im"},
		{"Familienbildungsstätte {district}", "in der"}, {"Eltern-Kind-Zentrum {street}", "im"}, {"Mehrgenerationenhaus {district}", "im"}, {"Stadtteiltreff {street}", "im"}},
	"beratung": {{"Beratungsstelle {street}", "in der"}, {"Beratungszentrum {district}", "im"}, {"Erziehungs- und Familienberatungsstelle {district}", "in der"},
		{"Jugendberatungshaus {district}", "im"}, {"Beratungsladen {street}", "im"}, {"Suchtberatungsstelle {street}", "in der"}},
	"sport": {{"Sporthalle {street}", "in der"}, {"Sportplatz {district}", "auf dem"}, {"Schwimmhalle {district}", "in der"}, {"Turnhalle der Schule {street}", "in der"},
		{"Vereinsheim {district}", "im"}},
	"kultur": {{"Jugendkunstschule {district}", "in der"}, {"Musikschule {district}", "in der"}, {"Stadtteilbibliothek {district}", "in der"},
		{"Kulturhaus {street}", "im"}, {"Medienwerkstatt {district}", "in der"}},
	"schule": {{"Grundschule {street}", "an der"}, {"Grundschule am {landmark}", "an der"}, {"Sekundarschule {district}", "an der"},
		{"Gemeinschaftsschule {district}", "an der"}},
	"kita":       {{"Kita {kitaName}", "in der"}, {"Kinderladen {kitaName}", "im"}, {"Kindertagesstätte {street}", "in der"}},
	"gesundheit": {{"Gesundheitszentrum {district}", "im"}, {"Kinder- und Jugendgesundheitsdienst {district}", "im"}, {"Praxisgemeinschaft {street}", "in der"}},
	"buero":      {{"Regionalbüro {district}", "im"}, {"Geschäftsstelle {street}", "in der"}, {"Büro für Familienhilfe {district}", "im"}},
	"schutz":     {{"Frauenhaus", "im"}, {"Zufluchtswohnung", "in der"}, {"Kindernotdienst", "im"}, {"Mädchennotdienst", "im"}, {"Krisenwohnung für Jugendliche", "in der"}},
}

// profile is what offers of one topic look like: names, audiences, hours,
// costs and the sentences that describe them.
type profile struct {
	topic     string
	family    string   // placeKinds key
	kinds     []string // what the offer is called, common first
	names     []string // name templates; {kind}, {district}, {street}, {landmark}, {audience}
	audiences []string
	hours     []string // week specs, "" = by appointment
	costs     []costOption
	lead      []string // the first sentence
	pool      []string // further sentences
	pro       bool     // contacts for professionals (case referrals)
	timeboxed float64  // share of courses and events with a period
}

// genericPool are sentences that fit any offer at a place that may be
// shown. In the profiles' pools a leading "~word~" keeps a sentence to
// offers whose kind contains word, "~!word~" to those whose kind does not.
var genericPool = []string{
	"[Das Angebot richtet sich an {audience}[ aus {district}| aus dem Kiez| aus der Nachbarschaft| im Sozialraum {district}|].|[Willkommen sind|Eingeladen sind] {audience}[, auch ohne Anmeldung|, gern auch mit Freundinnen und Freunden|].]",
	"Wir arbeiten eng mit {partner} [im Sozialraum|im Kiez|in {district}|in der Umgebung] zusammen.",
	"[Sie erreichen uns gut mit {transport}.|Der Treffpunkt ist gut mit {transport} zu erreichen.]",
	"[Eine Anmeldung ist nicht nötig.|Bitte melden Sie sich vorher an.|Eine Anmeldung ist erwünscht, aber nicht erforderlich.|Kommen Sie einfach vorbei.|Die Plätze sind begrenzt, bitte melden Sie sich an.]",
	"In den [Sommerferien|Herbstferien|Osterferien|Winterferien] gibt es ein eigenes Ferienprogramm[ mit Ausflügen| mit Tagesfahrten| mit Workshops|].",
	"Die Mitarbeitenden [sind pädagogische Fachkräfte|haben langjährige Erfahrung in der Arbeit mit {audienceDat}|sprechen mehrere Sprachen].",
	"[Fragen|Ideen|Wünsche] können Sie [jederzeit|gern] [telefonisch|per E-Mail|persönlich] an uns richten.",
	"[Unsere|Die] Räume liegen {in} {placeName}.",
	"[Träger ist {provider}.|Ein Angebot von {provider}.]",
	"Ausflüge führen zum Beispiel {destination} oder {destination}.",
	"[Zusammen|Gemeinsam|Einmal im Monat] [kochen|backen|probieren] wir {dish} und {dish}.",
	"Gerade entsteht {project}[, wer mag, macht mit|; Ideen sind willkommen|].",
	"Ziel ist es, {goal}.",
	"[Wir arbeiten|Das Team arbeitet] mit {method} und {method}.",
	"Alles findet in {atmosphere} Atmosphäre statt[, niemand muss etwas leisten|, jede Frage ist erlaubt|].",
	"{access}",
	"{hoursSentence}",
}

// safePool are the generic sentences that say nothing about where a place
// is; confidential places get only these. Not even the provider: its name
// often carries its district.
var safePool = []string{
	"{costsSentence}",
	"{languages}",
	"[Gefördert|Finanziert] wird das Angebot {funder}.",
}

var benefits = []string{"Kindergeld", "Elterngeld", "Kinderzuschlag", "Wohngeld", "Bürgergeld", "Leistungen für Bildung und Teilhabe", "BAföG",
	"Unterhaltsvorschuss", "Mehrbedarf in der Schwangerschaft", "die Erstausstattung für das Baby"}

var profiles = []profile{
	{topic: "offene-jugendarbeit", family: "jugend",
		kinds: []string{"Offener Treff", "Jugendclub", "Jugendtreff", "Kindertreff", "Jugendklub", "Mädchentreff", "Schülerclub", "Jugendcafé", "Kiezclub",
			"Jungentreff", "Teenietreff", "Kinderclub", "Offene Tür", "Jugendkeller", "Mädchencafé", "Jugendetage", "Mobile Jugendarbeit", "Streetwork",
			"Straßensozialarbeit", "Jugendfreizeitstätte", "Mädchenladen", "Jugendladen"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} {street}", "{kind} am {landmark}", "{kind} für {audience}"},
		audiences: []string{"jugend", "kinder", "kinder-jugend", "jugend-14", "maedchen", "jungen", "junge-menschen", "queer", "maedchen-frauen", "inklusiv"},
		hours:     []string{"Mo-Fr 14:00-20:00", "Mo-Do 14:00-19:00; Fr 14:00-22:00", "Di-Sa 15:00-21:00", "Mo,Mi,Fr 15:00-19:00", "Mo-Fr 13:00-18:00", "Di,Do 16:00-20:00"},
		costs:     costsFree,
		lead: []string{"{kind} – ein offener Ort für {audience}[ aus {district}| aus dem Kiez| aus der Nachbarschaft|].",
			"{kind}: [Hier|Bei uns] treffen sich {audience} zum Reden, Spielen und Ausprobieren."},
		pool: []string{"Im Winter gibt es [Turniere an der Konsole|Kinoabende mit Popcorn|Kochabende], im Sommer [Grillabende|Ausflüge ans Wasser|Fußball auf dem Bolzplatz].", "Wer Ärger mit Polizei, Ämtern oder Vermietern hat, bekommt Rat und Begleitung.", "Die Jugendlichen renovieren gerade ihren Chillraum selbst: streichen, Möbel bauen, Lampen aufhängen.",
			"Hier gibt es {activity}, {activity} und Zeit, einfach Freunde zu treffen.",
			"Jeden [Montag|Dienstag|Mittwoch|Donnerstag|Freitag] ist Zeit für {activity}[, am Wochenende gibt es manchmal Ausflüge|].",
			"Das Team hat ein offenes Ohr bei Stress in der Schule, Streit zu Hause oder Fragen zur Ausbildung.",
			"Ihr bestimmt mit, was im [Club|Klub|Treff] passiert: Einmal im Monat tagt die [Hausversammlung|Kinderversammlung|Jugendversammlung].",
			"Es gibt eine Küche, [einen Billardtisch|eine Tischtennisplatte|einen Kicker|eine Spielkonsole] und [einen Bandraum|ein kleines Tonstudio|eine Werkstatt|einen Garten].",
			"Getränke und Snacks gibt es zum Selbstkostenpreis.",
			"Der Eintritt ist frei[, eine Mitgliedschaft ist nicht nötig|].",
			"{weekday} {daytime} stehen {activity} und {activity} auf dem Programm.",
			"~Streetwork~Die Streetworkerinnen und Streetworker sind [auf Plätzen|in Parks|an Treffpunkten] im Kiez unterwegs und hören zu.",
			"~Mädchen~Hier sind Mädchen unter sich und bestimmen selbst, was passiert."},
	},
	{topic: "bildung", family: "jugend",
		kinds: []string{"Hausaufgabenhilfe", "Lernhilfe", "Sprachcafé", "Hausaufgabenbetreuung", "Lerncafé", "Nachhilfe", "Deutschkurs für Eltern", "Lesepatenschaft",
			"Leseclub", "Lernwerkstatt", "Lernförderung", "Computerkurs", "Bewerbungstraining", "Berufsorientierung", "Mathe-Treff", "Programmierkurs", "Lernpaten",
			"Mentoring", "Schülerhilfe", "Bildungsberatung", "Alphabetisierungskurs", "Sprachförderung"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} für {audience}", "{kind} am {landmark}"},
		audiences: []string{"kinder-gs", "kinder", "jugend", "kinder-jugend", "eltern", "gefl-jugend", "gefl-familien", "junge-erw"},
		hours:     []string{"Mo-Do 14:00-17:00", "Di,Do 15:00-17:30", "Mo,Mi 16:00-18:00", "Mo-Fr 13:30-16:30", "Mi 17:00-19:00", "Sa 10:00-13:00"},
		costs:     costsFree,
		lead: []string{"{kind}: Hier bekommen {audience} Unterstützung beim Lernen.",
			"{kind}: [Ehrenamtliche Lernpatinnen und Lernpaten|Studierende|Pensionierte Lehrkräfte] helfen [bei Hausaufgaben|bei Referaten|bei der Vorbereitung auf Klassenarbeiten|beim Lesen und Schreiben]."},
		pool: []string{"Für Schülerinnen und Schüler der Oberstufe gibt es Tipps zu Abiturvorbereitung, Facharbeit und Präsentationsprüfung.", "Eltern erfahren, wie das Berliner Schulsystem funktioniert, von der Einschulung bis zum Mittleren Schulabschluss.", "Wörterbücher, Lernspiele und Tablets mit Lernprogrammen liegen bereit.",
			"Wir üben [in kleinen Gruppen|einzeln|in ruhiger Atmosphäre] und nehmen uns Zeit für jede Frage.",
			"~Sprach~Im Sprachcafé wird Deutsch gesprochen, geübt und nebenbei viel über den Alltag im Kiez erzählt.",
			"~Deutsch~Der Kurs übt Deutsch für den Alltag: beim Elternabend, beim Arzt, auf dem Amt.",
			"Wer mag, bringt [Schulbücher|Arbeitsblätter|Bewerbungsunterlagen] mit.",
			"Zum Abschluss gibt es {activity} oder einen gemeinsamen Snack.",
			"~Hausaufgaben~Die Hausaufgabenhilfe ersetzt keinen Unterricht, sie [stärkt das Selbstvertrauen|schafft Routine|hilft beim Dranbleiben].",
			"~Lese~Lesepatinnen und Lesepaten lesen mit Kindern und entdecken zusammen die Stadtteilbibliothek.",
			"~Bewerbung~Wir schreiben gemeinsam Lebensläufe und üben Vorstellungsgespräche.",
			"Computer und WLAN stehen zur Verfügung."},
	},
	{topic: "sport", family: "sport",
		kinds: []string{"Fußball", "Basketball", "Fußball für Mädchen", "Schwimmkurs", "Fussball-AG", "Kinderturnen", "Tischtennis", "Boxen", "Mädchenfußball",
			"Mitternachtsbasketball", "Klettern", "Tanzen", "Judo", "Volleyball", "Schwimmen lernen", "Seepferdchen-Kurs", "Eltern-Kind-Turnen", "Kickboxen",
			"Parkour", "Breakdance", "Handball", "Badminton", "Leichtathletik", "Bouldern", "Skaten", "Karate", "Fußballtraining", "Radfahren lernen", "Yoga für Kinder"},
		names:     []string{"{kind}", "{kind} für {audience}", "{kind} in der Sporthalle {street}", "{kind} beim Fußballverein {district}", "{kind} {district}"},
		audiences: []string{"kinder", "jugend", "maedchen", "kinder-gs", "jungen", "kinder-jugend", "inklusiv", "babys", "maedchen-frauen"},
		hours:     []string{"Di 17:00-18:30", "Mo,Mi 16:00-17:30", "Fr 20:00-23:00", "Sa 10:00-12:00", "Do 18:00-19:30", "Di,Do 16:30-18:00", "So 11:00-13:00"},
		costs:     costsCourse,
		lead: []string{"{kind} für {audience}[ im Kiez| in {district}|].",
			"{kind}: Training {weekday} {daytime} für {audience}."},
		pool: []string{"Das Aufwärmen übernehmen abwechselnd die Kinder selbst.", "Wettkämpfe sind kein Muss; wer mag, fährt zu Turnieren in ganz Brandenburg.", "Umkleiden und Duschen sind vorhanden, Schließfächer gibt es gegen Pfand.",
			"~!schwimm~Trainiert wird [in der Halle|auf dem Sportplatz|im Freien] {weekday} {daytime}.",
			"Mitmachen können alle, [auch ohne Vorkenntnisse|auch ohne Vereinsmitgliedschaft|mit und ohne Erfahrung].",
			"~!schwimm~Bitte [Sportkleidung|Hallenschuhe|etwas zu trinken] mitbringen.",
			"~Schwimm~Bitte Badesachen mitbringen; geübt wird im Lehrschwimmbecken.",
			"~Seepferdchen~Am Ende des Kurses steht das Abzeichen „Seepferdchen“.",
			"Die Übungsleiterinnen und Übungsleiter haben eine Trainerlizenz[ des Landessportbundes|].",
			"Nach einem Probetraining [kann man dem Verein beitreten|entscheidet ihr, ob ihr bleibt].",
			"~Fu~Der Fußballverein stellt [Trikots|Bälle|Schienbeinschoner] zur Verfügung.",
			"Spaß und Fairness stehen vor dem Ergebnis.",
			"Wer möchte, spielt bei [Turnieren|Freundschaftsspielen|der Kiezliga] mit."},
		timeboxed: 0.15,
	},
	{topic: "elterncafe", family: "familie",
		kinds: []string{"Elterncafé", "Familiencafé", "Elternfrühstück", "Familientreff", "Krabbelgruppe", "Eltern-Kind-Gruppe", "Spielgruppe", "Müttercafé", "Vätertreff",
			"Familienfrühstück", "Babytreff", "Stillcafé", "Papa-Kind-Treff", "Nachbarschaftscafé", "Interkulturelles Frauencafé", "Mütterfrühstück"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} am {weekdayName}", "{kind} im Familienzentrum {street}"},
		audiences: []string{"eltern", "familien-klein", "babys", "alleinerziehend", "familien", "gefl-familien"},
		hours:     []string{"Mi 09:30-11:30", "Di,Do 10:00-12:00", "Fr 15:00-17:00", "Mo 09:00-11:00", "Sa 10:00-12:30"},
		costs:     costsCafe,
		lead: []string{"{kind}: Hier treffen sich {audience} in entspannter Runde.",
			"{kind}: [Zeit für Gespräche|Austausch bei Kaffee und Tee|Ankommen und Kontakte knüpfen] für {audience}."},
		pool: []string{"Geschwisterkinder sind willkommen, eine Wickelkommode und Hochstühle sind da.", "Manchmal wird aus einem Gespräch eine Verabredung zum Spielplatz oder zum gemeinsamen Einkaufen.", "Ein Regal mit Kinderkleidung zum Tauschen steht im Flur.",
			"Während die Großen [reden|frühstücken|sich austauschen], spielen die Kinder in der Spielecke.",
			"Eine Fachkraft [beantwortet Fragen|gibt Tipps] zu {theme} und {theme}.",
			"Ab und zu kommen Gäste, zum Beispiel [eine Hebamme|eine Kinderärztin|die Erziehungsberatung|eine Ernährungsberaterin].",
			"Mütter, Väter und Großeltern sind willkommen.",
			"Wir [frühstücken|kochen|backen] gemeinsam; alle bringen mit, was sie mögen.",
			"Hier entstehen Freundschaften über die Kinder hinaus."},
	},
	{topic: "familienbildung", family: "familie",
		kinds: []string{"Familienzentrum", "Elternkurs", "Familienbildung", "Elternseminar", "Familienbildungsstätte", "Erste Hilfe am Kind", "Kochkurs für Familien",
			"Elternschule", "Familienwerkstatt", "Medienkurs für Eltern", "Elternabend zu Erziehungsfragen", "Familienausflug", "Elternbildung", "Familiensonntag"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} {street}", "{kind} für {audience}"},
		audiences: []string{"eltern", "familien", "familien-klein", "alleinerziehend", "babys", "gefl-familien"},
		hours:     []string{"Mo-Fr 09:00-17:00", "Mo-Do 09:00-18:00; Fr 09:00-14:00", "Di 18:00-20:00", "Sa 10:00-14:00", "Mo-Fr 10:00-16:00"},
		costs:     costsCourse,
		lead: []string{"{kind}: [Begleitung|Unterstützung|Rückhalt] für {audience} im Alltag.",
			"{kind}: [Kurse, Beratung und Begegnung|Bildung und Begegnung|Treffpunkt und Kursprogramm] für {audience}."},
		pool: []string{"Die Kurse werden von Hebammen, Pädagoginnen und Ernährungsfachleuten geleitet.", "Für Väter gibt es eigene Abende, an denen Fußball, Kochen oder Werkeln im Mittelpunkt stehen.", "Ein Kinderwagenabstellplatz und eine Spielecke machen den Besuch mit Kleinkindern leicht.",
			"Im Programm stehen Kurse zu {theme}, {theme} und {theme}.",
			"Es gibt eine offene Sprechstunde für Fragen zu {theme}.",
			"~Familienbildungsstätte~Die Familienbildungsstätte bietet auch [Kinderbetreuung während der Kurse|Kurse am Wochenende|Angebote in mehreren Sprachen].",
			"Gemeinsam mit Familien planen wir {activity} und {activity}.",
			"~Familienzentrum~Das Familienzentrum ist ein Ort für alle Familien im Kiez, ganz gleich, woher sie kommen.",
			"~Erste Hilfe~Geübt wird an Puppen, von der stabilen Seitenlage bis zur Hilfe bei Fieberkrämpfen."},
		timeboxed: 0.2,
	},
	{topic: "kultur", family: "kultur",
		kinds: []string{"Theatergruppe", "Medienwerkstatt", "Bandprobenraum", "Kinderchor", "Malwerkstatt", "Theaterwerkstatt", "Kunstwerkstatt", "Kinderzirkus",
			"Musikwerkstatt", "Fotogruppe", "Filmwerkstatt", "Töpferkurs", "Graffiti-Workshop", "Nähwerkstatt", "Schreibwerkstatt", "Podcast-Werkstatt",
			"Tanztheater", "Trommelgruppe", "Comic-Zeichenkurs", "Kinderkino", "Vorlesestunde", "Zirkusschule", "Makerspace", "Lesecafé"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} für {audience}", "{kind} am {landmark}"},
		audiences: []string{"kinder", "jugend", "kinder-jugend", "kinder-gs", "maedchen", "junge-menschen", "inklusiv"},
		hours:     []string{"Mi 16:00-18:00", "Do 17:00-19:30", "Sa 11:00-14:00", "Di,Fr 15:30-17:30", "Mo 16:30-18:30"},
		costs:     costsCourse,
		lead: []string{"{kind}: Hier [entwickeln|proben|gestalten] {audience} eigene [Stücke|Songs|Filme|Bilder|Geschichten].",
			"{kind}: [Kreativ sein|Ausprobieren|Bühne frei] für {audience}."},
		pool: []string{"Die Ergebnisse zeigen wir beim Stadtteilfest und in der Galerie im Erdgeschoss.", "Leihinstrumente gibt es kostenlos, Noten lesen muss niemand können.", "Profis aus Theatern, Ateliers und Tonstudios der Stadt kommen als Gäste vorbei.",
			"Am Ende steht [eine Aufführung|ein Konzert|eine Ausstellung|eine Premiere im Kiezkino].",
			"Instrumente, Kameras und Material sind vorhanden.",
			"Angeleitet wird die Gruppe von [einer Theaterpädagogin|einem Musiker|einer Künstlerin|einem Medienpädagogen].",
			"Neben {activity} probieren wir auch {activity} aus.",
			"Vorkenntnisse braucht niemand, nur Lust auf {activity}.",
			"~Band~Der Proberaum hat Schlagzeug, Verstärker und Mikrofone und kann stundenweise gebucht werden."},
		timeboxed: 0.15,
	},
	{topic: "beratung", family: "beratung",
		kinds: []string{"Offene Sprechstunde", "Sozialberatung", "Familienberatung", "Beratungsstelle", "Lebensberatung", "Onlineberatung", "Beratung für Familien",
			"Trennungs- und Scheidungsberatung", "Schuldnerberatung für Familien", "Telefonberatung"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} {street}"},
		audiences: []string{"eltern", "familien", "alleinerziehend", "junge-erw", "gefl-familien"},
		hours:     []string{"Mo-Fr 09:00-15:00", "Di 14:00-18:00; Do 09:00-12:00", "Mo,Mi 10:00-13:00", "Do 15:00-19:00", ""},
		costs:     costsCounselling,
		lead: []string{"{kind}: Wir beraten {audience} zu {theme}, {theme} und {theme}.",
			"{kind}: [Rat und Hilfe|Unterstützung|Orientierung] für {audience} bei {theme}."},
		pool: []string{"Die Beraterinnen kennen sich mit Jobcenter, Familienkasse und Wohngeldstelle aus.", "Wer kein Deutsch spricht, kann eine Sprachmittlerin dazuholen.",
			"Wir helfen bei Anträgen, zum Beispiel auf {benefit}.",
			"Termine gibt es [telefonisch|per E-Mail|in der offenen Sprechstunde][ oder persönlich vor Ort|].",
			"Auf Wunsch begleiten wir Sie zu Ämtern und Behörden.",
			"Die Beratungen finden [vor Ort|telefonisch|per Video] statt."},
	},
	{topic: "erziehungsberatung", family: "beratung",
		kinds: []string{"Erziehungsberatung", "Erziehungsberatungsstelle", "Erziehungs- und Familienberatung", "Erziehungs- und Familienberatungsstelle", "Elternberatung",
			"Familienberatungsstelle", "Beratung für Eltern, Kinder und Jugendliche", "Trennungsberatung", "Umgangsbegleitung", "Elternsprechstunde"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} {street}"},
		audiences: []string{"eltern", "familien", "kinder-jugend", "alleinerziehend", "jugend"},
		hours:     []string{"Mo-Do 09:00-18:00; Fr 09:00-14:00", "Mo-Fr 09:00-16:00", "Di 15:00-19:00", ""},
		costs:     costsCounselling,
		lead: []string{"Die {kind} berät {audience} bei {theme}, {theme} und {theme}.",
			"{kind}: Wir beraten Eltern, Kinder und Jugendliche bei {theme}, {theme} und Konflikten zwischen den Generationen."},
		pool: []string{"Auch Großeltern, Pflegeeltern und andere Bezugspersonen können sich beraten lassen.", "Auf Wunsch kommen wir zu einem Gespräch in die Kita oder Schule.",
			"Im Team arbeiten Psychologinnen, Sozialpädagogen und Familientherapeutinnen.",
			"Kinder und Jugendliche können auch ohne ihre Eltern kommen.",
			"Bei Trennung und Scheidung helfen wir, Absprachen zum Umgang zu finden.",
			"Die Erziehungsberatungsstelle bietet auch Gruppen an, etwa für Kinder aus Trennungsfamilien.",
			"Ein Erstgespräch ist meist innerhalb von zwei Wochen möglich."},
		pro: true,
	},
	{topic: "kita", family: "kita",
		kinds:     []string{"Kita", "Kindertagesstätte", "Kindergarten", "Kinderladen", "Integrationskita", "Krippe", "Waldkindergarten", "Bewegungskita", "Sprachkita"},
		names:     []string{"{kind} {kitaName}", "{kind} {street}", "{kind} am {landmark}"},
		audiences: []string{"kinder-klein", "familien-klein"},
		hours:     []string{"Mo-Fr 06:30-17:00", "Mo-Fr 07:00-17:30", "Mo-Fr 07:30-16:30", "Mo-Fr 06:00-18:00"},
		costs:     costsKita,
		lead:      []string{"{kind}: Wir betreuen Kinder [ab acht Wochen|ab einem Jahr|ab zwei Jahren] bis zur Einschulung."},
		pool: []string{"Die Eingewöhnung folgt dem Berliner Modell und dauert meist zwei bis vier Wochen.", "Einmal in der Woche gehen die Vorschulkinder in die Stadtteilbibliothek.",
			"Wir arbeiten nach dem [Situationsansatz|Berliner Bildungsprogramm|Ansatz von Emmi Pikler|Montessori-Konzept] in [offenen Gruppen|altersgemischten Gruppen|festen Gruppen].",
			"Das Essen wird [täglich frisch in der eigenen Küche gekocht|von einem Bio-Caterer geliefert].",
			"Zum Haus gehört [ein großer Garten|ein Bewegungsraum|ein Atelier].",
			"Sprachförderung gehört zum Alltag; viele Kinder wachsen mehrsprachig auf."},
	},
	{topic: "jugendfreizeit", family: "jugend",
		kinds: []string{"Jugendfreizeiteinrichtung", "Kinder- und Jugendfreizeiteinrichtung", "Freizeithaus", "Jugendhaus", "Kinderfreizeithaus", "Haus der Jugend",
			"Jugendkulturzentrum", "Jugendfreizeitheim", "Kinder- und Jugendhaus", "Jugendclub", "Jugendklub"},
		names:     []string{"{kind} {district}", "{kind} {street}", "{kind} am {landmark}"},
		audiences: []string{"kinder-jugend", "jugend", "kinder", "jugend-14", "junge-menschen"},
		hours:     []string{"Mo-Fr 14:00-20:00", "Mo-Fr 13:00-19:00; Sa 14:00-18:00", "Di-Sa 14:00-21:00"},
		costs:     costsFree,
		lead: []string{"{kind}: ein offenes Programm mit {activity}, {activity} und {activity} für {audience}.",
			"{kind}: offene Kinder- und Jugendarbeit für {audience}[ in {district}|]."},
		pool: []string{"Ein Jugendrat plant das Programm mit und verwaltet ein kleines Budget.", "Draußen gibt es einen Basketballkorb, eine Skaterampe und eine Feuerstelle.",
			"Im Haus gibt es [einen Sportraum|eine Holzwerkstatt|ein Tonstudio|einen Medienraum] und [einen Garten|eine Küche|einen Bolzplatz].",
			"Die Jugendfreizeiteinrichtung ist ein geschützter Raum, in dem niemand etwas leisten muss.",
			"Regelmäßig gibt es {activity} und in den Ferien Fahrten."},
	},
	{topic: "fruehe-hilfen", family: "familie",
		kinds: []string{"Babysprechstunde", "Familienhebamme", "Babylotsen", "Willkommensbesuch für Neugeborene", "Eltern-Baby-Gruppe",
			"Familienpatenschaft", "Familienhebammen-Sprechstunde", "Schreibaby-Sprechstunde", "Babymassage", "Rückbildungskurs", "Babybegrüßungsdienst"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} im Familienzentrum {street}"},
		audiences: []string{"babys", "schwangere", "familien-klein", "alleinerziehend"},
		hours:     []string{"Mi 10:00-12:00", "Do 14:00-16:00", "Mo,Do 09:00-11:00", ""},
		costs:     costsFree,
		lead: []string{"{kind} für {audience}[ in {district}|] – ein Angebot der Frühen Hilfen.",
			"{kind}: Unterstützung für {audience} in den ersten Lebensjahren des Kindes."},
		pool: []string{"Niemand muss allein durch die anstrengenden ersten Monate: Wir hören zu und helfen beim Sortieren.", "Die Babylotsinnen sind in der Geburtsklinik und im Kinderärztlichen Notdienst bekannt.",
			"Eine Familienhebamme beantwortet Fragen zu {theme}, {theme} und dem Alltag mit Baby.",
			"Wir besuchen Familien auf Wunsch auch zu Hause.",
			"Ehrenamtliche Familienpatinnen entlasten Eltern einige Stunden in der Woche.",
			"Die Frühen Hilfen vermitteln weiter, wenn es mehr Unterstützung braucht."},
	},
	{topic: "jugendberatung", family: "beratung",
		kinds: []string{"Jugendberatung", "Jugendberatungshaus", "Beratung für junge Menschen", "Ausbildungsberatung", "Krisenberatung für Jugendliche",
			"Onlineberatung für Jugendliche", "Peer-Beratung", "Beratung für junge Volljährige", "Jugendmigrationsberatung"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} {street}"},
		audiences: []string{"jugend-14", "junge-menschen", "junge-erw", "gefl-jugend", "queer"},
		hours:     []string{"Mo-Do 12:00-18:00", "Di,Do 14:00-19:00", "Mo-Fr 10:00-16:00", ""},
		costs:     costsCounselling,
		lead: []string{"{kind}: Wir sind für {audience} da, bei {theme}, {theme} oder {theme}.",
			"{kind}: Reden hilft, auch bei {theme} und {theme}."},
		pool: []string{"Wer gerade nicht weiterweiß, bekommt hier einen Kaffee und ein offenes Gespräch.", "Gemeinsam sortieren wir Post von Jobcenter, Krankenkasse oder Schule.",
			"Ihr könnt ohne Termin vorbeikommen oder schreiben.",
			"Niemand erfährt von eurem Besuch, wenn ihr das nicht wollt.",
			"Wir helfen bei Bewerbungen, bei Ärger mit Ämtern und bei der Suche nach einer Wohnung.",
			"Die Beratung geht auch per Chat."},
	},
	{topic: "migration", family: "familie",
		kinds: []string{"Migrationsberatung", "Willkommenscafé", "Beratung für geflüchtete Familien", "Stadtteilmütter", "Integrationslotsen", "Begegnungscafé",
			"Sprach- und Kulturmittlung", "Interkultureller Elterntreff", "Begleitung zu Ämtern", "Asylverfahrensberatung"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} für {audience}"},
		audiences: []string{"gefl-familien", "gefl-jugend", "familien", "eltern"},
		hours:     []string{"Di 10:00-13:00; Do 14:00-17:00", "Mo-Fr 09:00-13:00", "Mi 15:00-18:00"},
		costs:     costsFree,
		lead: []string{"{kind}: Unterstützung für {audience} beim Ankommen[ in {district}|].",
			"{kind}: Wir helfen {audienceDat} bei {theme} und {theme}."},
		pool: []string{"Wir begleiten bei Terminen in Schule, Kita, Arztpraxis und Ausländerbehörde.", "Beim Kochabend bringt jede Familie ein Rezept aus ihrer Heimat mit.",
			"{languageTeam}",
			"Wir erklären Briefe von Ämtern und helfen beim Ausfüllen von Formularen.",
			"~Stadtteilmütter~Die Stadtteilmütter besuchen Familien und informieren über Kita, Schule und Gesundheit.",
			"~Begegnung~Beim Begegnungscafé lernen sich alte und neue Nachbarinnen und Nachbarn kennen."},
	},
	{topic: "schulsozialarbeit", family: "schule",
		kinds:     []string{"Schulsozialarbeit", "Schulstation", "Schülerstreitschlichtung", "Konfliktlotsen", "Soziales Lernen", "Trainingsraum", "Schulsozialarbeit und Berufsorientierung"},
		names:     []string{"{kind} an der {placeName}", "{kind} {district}"},
		audiences: []string{"kinder-gs", "jugend", "kinder-jugend", "eltern"},
		hours:     []string{"Mo-Fr 08:00-15:00", "Mo-Do 07:30-14:30; Fr 07:30-13:00"},
		costs:     costsFree,
		lead:      []string{"{kind}: Anlaufstelle für {audience} bei {theme}, {theme} und Streit in der Klasse."},
		pool: []string{"In der Pause ist der Raum ein ruhiger Rückzugsort mit Sofa und Brettspielen.",
			"~Schulstation~Die Schulstation ist in den Pausen geöffnet.",
			"Wir begleiten Klassen beim sozialen Lernen und bilden Streitschlichterinnen und Streitschlichter aus.",
			"Eltern können einen Termin für ein vertrauliches Gespräch vereinbaren."},
		pro: true,
	},
	{topic: "ambulante-hilfen", family: "buero",
		kinds: []string{"Ambulante Hilfen zur Erziehung", "Sozialpädagogische Familienhilfe", "Erziehungsbeistandschaft", "Familienhilfe", "Soziale Gruppenarbeit",
			"Aufsuchende Familientherapie", "Flexible Hilfen", "Betreuungshilfe", "Intensive sozialpädagogische Einzelbetreuung"},
		names:     []string{"{kind}", "{kind} {district}", "{kind} – Team {district}"},
		audiences: []string{"familien", "kinder-jugend", "jugend-14", "alleinerziehend"},
		hours:     []string{"Mo-Fr 08:00-18:00", "Mo-Do 09:00-17:00; Fr 09:00-14:00", ""},
		costs:     costsHelp,
		lead: []string{"{kind} nach dem SGB VIII für {audience}[ in {district}|].",
			"{kind}: Wir begleiten {audience} zu Hause und im Alltag."},
		pool: []string{"Die Fachkräfte kommen in die Familie, meist zwei- bis dreimal in der Woche.",
			"Die Hilfe beginnt nach einem Hilfeplangespräch mit dem Jugendamt.",
			"Fachkräfte des Regionalen Sozialpädagogischen Dienstes erreichen das Team über die Kontakte für Fachkräfte.",
			"Wir arbeiten [systemisch|lösungsorientiert|ressourcenorientiert] und beziehen die ganze Familie ein.",
			"Wir unterstützen zum Beispiel bei {theme}, {theme} oder {theme}."},
		pro: true,
	},
	{topic: "gesundheit", family: "gesundheit",
		kinds: []string{"Impfsprechstunde", "Gesundheitsberatung", "Kinder- und Jugendgesundheitsdienst", "Zahnprophylaxe", "Ernährungsberatung für Familien",
			"Psychologische Sprechstunde", "Gesundheitstreff", "Hebammensprechstunde"},
		names:     []string{"{kind}", "{kind} {district}"},
		audiences: []string{"familien", "kinder-klein", "eltern", "jugend", "schwangere"},
		hours:     []string{"Mo,Mi 09:00-12:00", "Di 13:00-16:00", "Do 09:00-12:00; Do 14:00-17:00"},
		costs:     costsFree,
		lead:      []string{"{kind} für {audience}: Fragen zu {theme}, {theme} und Vorsorge."},
		pool: []string{"Die Zahnärztin des Bezirks schaut einmal im Jahr in die Kitas.",
			"Bitte bringen Sie das gelbe Kinderuntersuchungsheft und den Impfpass mit.",
			"Wir vermitteln an Kinderärztinnen und Fachdienste im Bezirk."},
	},
	{topic: "tagespflege", family: "kita",
		kinds:     []string{"Kindertagespflege", "Tagespflegestelle", "Großtagespflege", "Tagesmutter", "Tagesvater"},
		names:     []string{"{kind} {kitaName}", "{kind} {street}"},
		audiences: []string{"babys", "kinder-klein"},
		hours:     []string{"Mo-Fr 07:30-16:00", "Mo-Fr 08:00-15:30"},
		costs:     costsKita,
		lead:      []string{"{kind}: Betreuung von bis zu fünf Kindern [ab einem Jahr|unter drei Jahren|bis zum Kita-Eintritt] in familiärer Atmosphäre."},
		pool: []string{"Die Tagespflege ist vom Jugendamt geprüft und anerkannt.",
			"Wir sind viel draußen, im Park oder auf dem Spielplatz."},
	},
	{topic: "abenteuerspielplatz", family: "spiel",
		kinds:     []string{"Abenteuerspielplatz", "Kinderbauernhof", "Bauspielplatz", "Jugendfarm", "Pädagogisch betreuter Spielplatz", "Naturerlebnisgarten"},
		names:     []string{"{kind} {district}", "{kind} am {landmark}"},
		audiences: []string{"kinder", "kinder-gs", "inklusiv"},
		hours:     []string{"Di-Fr 13:00-18:00; Sa 12:00-17:00", "Mo-Fr 12:00-18:00"},
		costs:     costsFree,
		lead:      []string{"{kind}: Hier [bauen|hämmern|gärtnern] {audience} und kümmern sich um Tiere."},
		pool: []string{"Werkzeug, Bretter und Nägel gibt es vor Ort, die Kinder planen selbst.",
			"Es gibt [Ziegen|Schafe|Hühner|Kaninchen|Ponys] und einen großen Garten.",
			"Bei Regen treffen wir uns im Bauwagen.",
			"Wer mag, baut an der Hütte weiter, die seit Wochen wächst."},
	},
	{topic: "schwangerschaftsberatung", family: "beratung",
		kinds:     []string{"Schwangerschaftsberatung", "Schwangerschaftskonfliktberatung", "Schwangerenberatung", "Familienplanungsberatung", "Beratung zu Verhütung und Familienplanung"},
		names:     []string{"{kind}", "{kind} {district}"},
		audiences: []string{"schwangere", "junge-erw", "maedchen-frauen"},
		hours:     []string{"Mo-Do 09:00-16:00", "Di 12:00-18:00; Fr 09:00-12:00", ""},
		costs:     costsCounselling,
		lead:      []string{"Die {kind} berät {audience} zu {theme}, {theme} und finanziellen Hilfen."},
		pool: []string{"~konflikt~Die Beratung nach § 219 StGB stellt auf Wunsch die Beratungsbescheinigung aus.",
			"Wir helfen bei Anträgen, zum Beispiel auf {benefit}.",
			"Auch Partnerinnen und Partner sind willkommen."},
	},
	{topic: "suchtberatung", family: "beratung",
		kinds:     []string{"Suchtberatung", "Suchtberatungsstelle", "Jugendsuchtberatung", "Drogenberatung", "Suchtprävention", "Beratung für Kinder aus suchtbelasteten Familien", "Angehörigengruppe"},
		names:     []string{"{kind}", "{kind} {district}"},
		audiences: []string{"jugend-14", "junge-menschen", "eltern", "kinder-jugend"},
		hours:     []string{"Mo-Fr 10:00-16:00", "Di,Do 14:00-19:00", ""},
		costs:     costsCounselling,
		lead:      []string{"Die {kind} ist für {audience} da, bei Fragen zu {theme}, {theme} oder {theme}."},
		pool: []string{"Für Jugendliche gibt es das Gruppenprogramm zum Ausstieg aus dem Kiffen.",
			"Wir sprechen ohne erhobenen Zeigefinger über Konsum und Risiken.",
			"Angehörige erhalten eigene Beratungstermine.",
			"~prävention~In Schulen bieten wir Präventionsworkshops an."},
	},
	{topic: "schutz", family: "schutz",
		kinds:     []string{"Schutz und Unterkunft", "Krisenhilfe", "Notaufnahme", "Beratung bei Gewalt in der Partnerschaft", "Inobhutnahme", "Beratung nach Gewalterfahrungen"},
		names:     []string{"{kind} für {audience}"},
		audiences: []string{"frauen-kinder", "maedchen-frauen", "kinder-jugend"},
		hours:     []string{roundTheClock},
		costs:     costsFree,
		lead:      []string{"{kind} rund um die Uhr für {audience} in Not."},
		pool: []string{"Die Adresse ist vertraulich; der Weg führt über die Hotline.",
			"Wir nehmen auch nachts und am Wochenende auf.",
			"Kinder können mitkommen."},
		pro: true,
	},
	{topic: "kindertagesbetreuung", family: "kita",
		kinds:     []string{"Ferienbetreuung", "Notbetreuung", "Randzeitenbetreuung", "Kinderbetreuung während der Kurse"},
		names:     []string{"{kind} {district}", "{kind}"},
		audiences: []string{"kinder-gs", "kinder-klein"},
		hours:     []string{"Mo-Fr 07:00-17:00", "Mo-Fr 16:00-20:00"},
		costs:     costsCourse,
		lead:      []string{"Die {kind} betreut {audience}, wenn andere Angebote geschlossen sind."},
		pool:      []string{"Eine Anmeldung ist bis eine Woche vorher nötig."},
		timeboxed: 0.5,
	},
}

// extraLanguages are the languages offers add to German, by how often
// Berlin's directories list them.
var extraLanguages = []string{"en", "tr", "ar", "ru", "uk", "pl", "fa", "ku", "vi", "ro", "bg", "es", "fr", "sq", "sr", "it", "ps", "ti", "he"}
