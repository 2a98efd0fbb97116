package quartier

// Person is a plain record of a named person (accounts come later).
type Person struct {
	ID           int64  `json:"-"`
	Name         string `json:"name"`
	Email        string `json:"email,omitempty"`
	Phone        string `json:"phone,omitempty"`
	Organisation string `json:"organisation,omitempty"` // provider code, or empty for the office
}
