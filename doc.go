// Package quartier holds the domain of Quartier, the platform for social-space
// oriented child and youth welfare: layers of areas built from blocks, social
// spaces, providers and alliances, their assignments, teams and rooms.
//
// Names follow GLOSSARY.md. The package knows nothing of SQL or HTTP; it
// defines the types, their rules (Validate methods), the error codes, and the
// Store interface that internal/sqlite and internal/postgres implement. Its
// transaction Tx is composed of one interface per context (LayerTx in
// layer.go, AtlasTx in offer.go, AuditTx in audit.go, …); a use case asks
// for the part it needs with StoreOf and Narrow.
package quartier
