package sqlstore

// Queries holds one engine's SQL for every store operation. Column order of
// each SELECT is fixed by the scanning code named in the comment; a query
// filtered by space takes the space as first argument and "" means all.
type Queries struct {
	GetSetting, SetSetting string

	CreateLayer, Layers, LayerByCode string // scan: layerCols

	CreateVersion, CloseVersion, Versions, Version string // scan: versionCols

	CreateArea, CreateAreaBlock string
	Areas, AreaByCode           string // scan: areaCols; args (version) / (version, code)
	AreaBlocks                  string // (area_id, block_code) of a version, ordered
	BlocksOfArea                string // block_code of one area, ordered

	CreateProvider, Providers, ProviderByCode string // scan: providerCols
	CreateAlliance, CreateAllianceMember      string
	Alliances, AllianceByCode                 string // scan: id, code, name
	AllianceMembers                           string // (alliance_id, provider_id, provider code, lead), by alliance, lead first

	DeleteTopics, CreateTopic, Topics                string
	CreatePlace, UpdatePlace, SetPlaceAreas, Places  string // scan: placeCols; Update: id first
	CreateOffer, UpdateOffer, Offers                 string // scan: offerCols; Update: id first
	DeleteOfferPlaces, CreateOfferPlace, OfferPlaces string // OfferPlaces: (offer_id, place_id) ordered
	// Suggestions args: status, entity kind, entity key ("" = any).
	CreateSuggestion, DecideSuggestion, Suggestion, Suggestions string // scan: suggestionCols
	AppendChange, Changes                                       string // Changes args: kind, key; scan: changeCols

	CreateAssignment, EndAssignment, Assignments string // scan: assignmentCols

	CreateTeam, Teams, CreateRoom, Rooms string // Rooms: roomCols, filtered by space like Teams

	CreatePerson                                 string
	CreateLeadership, EndLeadership, Leaderships string // scan: leadershipCols

	DeleteStreets, CreateStreet, Streets string

	// DeletePopulation args: group, date.
	DeletePopulation, CreatePopulation, Population string

	CreateUser, UpdateUser, UserByLogin, UserByID, Users string // scan: userCols
	CreateGrant, EndGrant, Grants                        string // Grants: user id or 0 for all
	CreateSession, SessionByTokenHash, UpdateSession     string
	DeleteSession, DeleteUserSessions, UserSessions      string
	// AuditEntries args: after id, login, object type, object id, action,
	// from, to (NULL = open), limit.
	AppendAudit, LastAudit, AuditEntries string
}
