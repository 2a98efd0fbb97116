package quartier

// LanguageNames are the German names of the languages offers are held in
// (ISO 639-1), for labels and for search: "türkisch" finds offers in tr.
var LanguageNames = map[string]string{
	"de": "Deutsch", "en": "Englisch", "tr": "Türkisch", "ar": "Arabisch", "ru": "Russisch", "uk": "Ukrainisch",
	"pl": "Polnisch", "fa": "Persisch (Farsi/Dari)", "ku": "Kurdisch", "fr": "Französisch", "es": "Spanisch",
	"it": "Italienisch", "ro": "Rumänisch", "bg": "Bulgarisch", "sr": "Serbisch", "hr": "Kroatisch", "bs": "Bosnisch",
	"sq": "Albanisch", "vi": "Vietnamesisch", "zh": "Chinesisch", "ti": "Tigrinya", "so": "Somali", "ps": "Paschtu",
	"ur": "Urdu", "hi": "Hindi", "el": "Griechisch", "pt": "Portugiesisch", "he": "Hebräisch", "am": "Amharisch",
	"hu": "Ungarisch", "cs": "Tschechisch", "sk": "Slowakisch", "lt": "Litauisch", "lv": "Lettisch", "ka": "Georgisch",
	"hy": "Armenisch", "az": "Aserbaidschanisch", "ta": "Tamil", "bn": "Bengalisch", "ja": "Japanisch", "ko": "Koreanisch",
}

// LanguageName is the German name of a language code, or the code itself.
func LanguageName(code string) string {
	if n, ok := LanguageNames[code]; ok {
		return n
	}
	return code
}

// AgeGroup is a band of ages for the atlas filter. An offer belongs to
// every band its age range overlaps; an offer without limits to all.
type AgeGroup struct {
	Code     string
	Label    string
	Min, Max int
}

// AgeGroups are the bands of the atlas filter, as parents and
// professionals ask: babies, Kita age, primary school, teenagers, young
// adults, adults (parents).
var AgeGroups = []AgeGroup{
	{"0-2", "0–2 Jahre", 0, 2},
	{"3-5", "3–5 Jahre", 3, 5},
	{"6-11", "6–11 Jahre", 6, 11},
	{"12-17", "12–17 Jahre", 12, 17},
	{"18-26", "18–26 Jahre", 18, 26},
	{"27+", "ab 27 Jahren", 27, 120},
}

// InAgeGroup reports whether the offer's age range overlaps g.
func (o *Offer) InAgeGroup(g AgeGroup) bool {
	lo, hi := 0, 120
	if o.MinAge != nil {
		lo = *o.MinAge
	}
	if o.MaxAge != nil {
		hi = *o.MaxAge
	}
	return lo <= g.Max && g.Min <= hi
}
