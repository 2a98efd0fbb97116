package ogcapi

// OpenAPI is the API definition the landing page links as service-desc
// (conformance class oas30). It describes the paths and parameters this
// package serves, so that clients can read the limit's maximum from it.
func OpenAPI(base, title string) map[string]any {
	param := func(name, in, desc string, schema map[string]any, required bool) map[string]any {
		return map[string]any{"name": name, "in": in, "description": desc, "required": required, "schema": schema}
	}
	str := map[string]any{"type": "string"}
	collectionID := param("collectionId", "path", "Kennung der Sammlung", str, true)
	ok := func(desc, media string) map[string]any {
		return map[string]any{"200": map[string]any{"description": desc, "content": map[string]any{media: map[string]any{}}},
			"400": map[string]any{"description": "ungültige Anfrage"}, "404": map[string]any{"description": "nicht gefunden"}}
	}
	get := func(summary string, params []any, desc, media string) map[string]any {
		return map[string]any{"get": map[string]any{"summary": summary, "parameters": params, "responses": ok(desc, media)}}
	}
	items := []any{collectionID,
		param("limit", "query", "Höchstzahl der Objekte", map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit, "default": DefaultLimit}, false),
		param("offset", "query", "Anzahl zu überspringender Objekte", map[string]any{"type": "integer", "minimum": 0, "default": 0}, false),
		map[string]any{"name": "bbox", "in": "query", "required": false, "style": "form", "explode": false,
			"schema": map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}},
		param("bbox-crs", "query", "Koordinatensystem der bbox", map[string]any{"type": "string", "format": "uri"}, false),
		param("crs", "query", "Koordinatensystem der Antwort", map[string]any{"type": "string", "format": "uri"}, false),
		param("f", "query", "Format", map[string]any{"type": "string", "enum": []string{"json"}}, false),
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": title, "version": "1.0.0"},
		"servers": []any{map[string]any{"url": base}},
		"paths": map[string]any{
			"/":                                 get("Startseite", nil, "Startseite", "application/json"),
			"/api":                              get("API-Beschreibung", nil, "OpenAPI 3.0", "application/vnd.oai.openapi+json;version=3.0"),
			"/conformance":                      get("Konformitätsklassen", nil, "Konformität", "application/json"),
			"/collections":                      get("Sammlungen", nil, "Sammlungen", "application/json"),
			"/collections/{collectionId}":       get("Sammlung", []any{collectionID}, "Sammlung", "application/json"),
			"/collections/{collectionId}/items": get("Gebiete", items, "Gebiete", "application/geo+json"),
			"/collections/{collectionId}/items/{featureId}": get("Gebiet", []any{collectionID, param("featureId", "path", "Gebietsschlüssel", str, true),
				param("crs", "query", "Koordinatensystem der Antwort", map[string]any{"type": "string", "format": "uri"}, false)}, "Gebiet", "application/geo+json"),
		},
	}
}
