package audit

import "github.com/quartier/quartier"

// actionLabels name the actions as the audit page shows them; the CSV
// export keeps the codes, which are stable for scripts and the data
// protection officer's filters. A denial is logged under the permission
// it lacked and is named by the permission table.
var actionLabels = map[string]string{
	"signin":                  "Anmeldung",
	"signin.oidc":             "Anmeldung über den Identitätsdienst",
	"signin.second_factor":    "Anmeldung: zweiter Faktor",
	"signin.throttled":        "Anmeldung gedrosselt",
	"signin.busy":             "Anmeldung abgewiesen (Überlast)",
	"signin.required":         "Anmeldung verlangt",
	"signout":                 "Abmeldung",
	"signout.all":             "Abmeldung auf allen Geräten",
	"apitoken.create":         "API-Schlüssel angelegt",
	"apitoken.revoke":         "API-Schlüssel widerrufen",
	"apitoken.refused":        "API-Schlüssel abgewiesen",
	"apitoken.use":            "Abruf mit API-Schlüssel",
	"totp.enroll":             "zweiten Faktor eingerichtet",
	"totp.replace":            "zweiten Faktor ersetzt",
	"user.create":             "Konto angelegt",
	"user.list":               "Kontenliste gelesen",
	"user.read":               "Konto gelesen",
	"user.update":             "Konto geändert",
	"user.lock":               "Konto gesperrt",
	"user.unlock":             "Konto entsperrt",
	"user.password_reset":     "vorläufiges Passwort vergeben",
	"user.totp_reset":         "zweiten Faktor zurückgesetzt",
	"password.change":         "eigenes Passwort geändert",
	"grant.create":            "Berechtigung erteilt",
	"grant.end":               "Berechtigung beendet",
	"audit.read":              "Protokoll gelesen",
	"audit.export":            "Protokoll exportiert",
	"layer.import":            "Ebene eingespielt",
	"layer.compose":           "Ebene aus Bausteinen zusammengesetzt",
	ActionLayerExport:         "Ebene heruntergeladen",
	ActionBulkLookup:          "Sammelzuordnung",
	"streets.import":          "Straßenverzeichnis eingespielt",
	"population.import":       "Einwohnerzahlen eingespielt",
	"setup.import":            "Organisation der Sozialräume eingespielt",
	"assignment.create":       "Zuständigkeit eingetragen",
	"assignment.import":       "Zuständigkeiten eingespielt",
	"assignment.end":          "Zuständigkeit beendet",
	"provider.create":         "Träger angelegt",
	"provider.update":         "Träger geändert",
	"alliance.create":         "Trägerverbund angelegt",
	"alliance.update":         "Trägerverbund geändert",
	"team.create":             "Team angelegt",
	"team.update":             "Team umbenannt",
	"room.create":             "Räumlichkeit angelegt",
	"room.update":             "Räumlichkeit geändert",
	"room.delete":             "Räumlichkeit entfernt",
	"leadership.create":       "Leitungsrolle besetzt",
	"leadership.end":          "Leitungsrolle beendet",
	"atlas.import":            "Atlas eingespielt",
	ActionAtlasExport:         "Atlas exportiert",
	"atlas.offer.save":        "Angebot gespeichert",
	"atlas.place.save":        "Ort gespeichert",
	"atlas.verify":            "Eintrag als geprüft bestätigt",
	"atlas.reassign":          "Orte neuen Gebieten zugeordnet",
	"atlas.similar":           "Ähnliche Einträge gesucht",
	"atlas.suggest":           "Vorschlag eingereicht",
	"atlas.suggestion":        "Vorschlag gelesen",
	"atlas.suggestions":       "Vorschläge gelesen",
	"atlas.suggestion.accept": "Vorschlag angenommen",
	"atlas.suggestion.reject": "Vorschlag abgelehnt",
	"atlas.suggestion.erase":  "Absenderangaben entschiedener Vorschläge gelöscht",
	"atlas.synonyms":          "Synonyme gespeichert",
	"atlas.topics":            "Themen gespeichert",
	"place.confidential.read": "vertrauliche Adresse angezeigt",
	"indicators.import":       "Indikatorwerte eingespielt",
	"index.save":              "Index gespeichert",
	"allocation.save":         "Verteilungsvorschlag gespeichert",
	"allocation.read":         "Verteilungsvorschläge gelesen",
	"allocation.publish":      "Verteilungsvorschlag für den Ausschuss veröffentlicht",
	"indicators.publish":      "Sozialmonitoring veröffentlicht",
	"indicator.values":        "Indikatorwerte gelesen",
	"index.result":            "Indexergebnis gelesen",
	"budget.create":           "Sozialraumbudget angelegt",
	"budget.plan":             "Planansatz geändert",
	"budget.commit":           "Mittel gebunden",
	"budget.commitment.end":   "Laufzeit einer Mittelbindung geändert",
	"budget.book":             "Buchung eingetragen",
	"budget.reverse":          "Eintrag im Haushaltsbuch storniert",
	"budget.carryover":        "Überschuss ins Folgejahr übertragen",
	"budget.rules":            "Haushaltsregeln gespeichert",
	"budget.status":           "Zahlen eines Sozialraumbudgets gelesen",
	"budget.project.create":   "Projekt fallunabhängiger Arbeit angelegt",
	"budget.project.update":   "Projekt fallunabhängiger Arbeit geändert",
	"budget.project.count":    "Teilnahmezahlen eines Projekts erfasst",
	"budget.projects":         "Projekte eines Sozialraums gelesen",
	"budget.hours":            "Arbeitsstunden erfasst",
	"budget.hours.read":       "Arbeitsstunden einzelner Personen gelesen",
	"budget.hours.report":     "Stundenbericht (Summen je Team und Sozialraum) gelesen",
	"budget.hours.target":     "Sollanteil fallunabhängiger Arbeit gesetzt",
	"budget.hours.purge":      "Arbeitsstunden nach Ablauf der Aufbewahrungsfrist gelöscht",
	"budget.mapping":          "Zuordnung des Finanzverfahrens gespeichert",
	"budget.mapping.delete":   "Zuordnung des Finanzverfahrens gelöscht",
	"budget.import":           "Buchungen aus dem Finanzverfahren eingespielt",
	"budget.list":             "Liste der Sozialraumbudgets gelesen",
	"budget.sheet":            "Sozialraumbudget mit Einträgen gelesen",
	"budget.dashboard":        "Verlauf eines Sozialraumbudgets gelesen",
	"budget.compare":          "Vergleich der Sozialraumbudgets gelesen",
	"budget.instalments":      "Raten der Pauschalen gelesen",
	"budget.report":           "Jahresbericht (Entwurf) gelesen",
	"budget.report.publish":   "Jahresbericht veröffentlicht",
	"budget.report.read":      "Veröffentlichten Jahresbericht gelesen",
	"notice.read":             "Hinweis als gelesen markiert",
	"read":                    "Lesezugriff",
}

// ActionLabel is the German name of an audited action; an unknown code is
// shown as it is rather than hidden.
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	if l, ok := quartier.PermissionLabel(quartier.Permission(action)); ok {
		return l
	}
	return action
}

// OutcomeLabel is the German name of an outcome.
func OutcomeLabel(outcome string) string {
	switch outcome {
	case quartier.OutcomeOK:
		return "ausgeführt"
	case quartier.OutcomeDenied:
		return "verweigert"
	case quartier.OutcomeFailed:
		return "fehlgeschlagen"
	}
	return outcome
}
