// Package hsds exchanges the atlas of local offers as Open Referral's
// Human Services Data Specification 3.1: offers are services, places
// locations, providers organizations, an offer at a place a
// service_at_location, opening hours schedules, topics taxonomy terms.
//
// # Quartier profile
//
// The profile (ProfileURI, given by the API root and the data package)
// changes no HSDS schema: everything HSDS has no field for travels as
// attributes linking an object to a term of a Quartier taxonomy, which is
// what HSDS attributes are for (docs/hsds/profiles.md allows profiles to
// require value sets). Taxonomies:
//
//   - quartier-themen: the installation's topics (service)
//   - quartier-zielgruppen: target groups (service)
//   - quartier-sozialraum, quartier-baustein: the space and block of a
//     place (location), term code = area code
//   - quartier-barrierefreiheit: accessibility features, one accessibility
//     object per feature (location)
//   - quartier-profil: technical terms – schluessel (value: the Quartier
//     key or provider code), vertraulich, sichtbarkeit-oeffentlich /
//     -fachkraefte (contact), traeger-oeffentlich / -frei, herausgeber
//     (organization), gueltig-ab / gueltig-bis (value: date, service),
//     ausnahme, ausnahme-geschlossen, hinweis, feiertage-geschlossen
//     (schedule, see hours.go)
//
// Ids are UUIDv5 of the Quartier key under a fixed namespace ("service:"+
// key, "location:"+key, "organization:"+code); children derive from their
// parent's id. Import gives a record without a Quartier key the key
// "hsds-" + its UUID in 32 hex digits, which exports as that UUID again.
//
// Offers without a provider are listed under a publisher organization
// (term herausgeber), because the tabular package requires every service
// to have one; import turns it back into "no provider".
//
// # Confidential places
//
// Whatever the input, Encode writes for a confidential place only its
// name, the contact path (as description), location_type "virtual", the
// term vertraulich and its accessibility features – no address, no
// coordinates, no block, no space, no accessibility note and no key –
// unless EncodeOptions.RevealConfidential is set.
//
// # What is lossy
//
//   - Places: source, verified-on and updated-at dates (HSDS locations have
//     no such fields); a place's provider when the document has no service
//     of that provider (JSON; the CSV package lists all organizations).
//   - Offers: source; last_modified is the latest change of the offer or
//     one of its places (not a confidential one: it would tell that a
//     shelter moved) and comes back as the offer's UpdatedAt.
//   - Providers and places without a current offer are not in the services
//     JSON (export.json); the CSV package has them.
//   - Opening hours: see hours.go (weekday of exception slots; order of
//     weekly slots; HSDS timezone left out).
//   - E-mail display names; websites that are not absolute http(s) URLs.
//   - Foreign data: everything Quartier has no place for (phones of
//     services and locations, programs, funding, service areas, required
//     documents, capacities in units other than places, metadata,
//     schedules per location), foreign taxonomy terms (warned), foreign
//     child ids (children get derived ids).
//   - Capacity: an offer's places (Offer.Capacity) are a service_capacity
//     in the unit Platz with maximum = available = the places (HSDS
//     requires available; Quartier knows no free places, the description
//     says so) and updated = last_modified. An import takes maximum, else
//     available. The 3.1 datapackage.json lists no columns for
//     service_capacity and unit (openreferral/specification#528); the
//     package has those of the object schemas, as the spec's CSV examples.
//
// # Import
//
// Decode accepts a page of services, an array of services, one service,
// or the zipped package, at most MaxInputBytes. It validates against the
// official schemas (JSON Schema 2020-12, see schema.go), then maps; every
// problem is located by JSON pointer or by file, line and column. Any
// error and nothing is returned.
package hsds
