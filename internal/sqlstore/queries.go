package sqlstore

// Queries holds the SQL of every store operation. Column order of each
// SELECT is fixed by the scanning code named in the comment; a query
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
	UpdateProvider                            string // id last
	CreateAlliance, CreateAllianceMember      string
	UpdateAlliance, DeleteAllianceMembers     string // Update: id last
	Alliances, AllianceByCode                 string // scan: id, code, name
	AllianceMembers                           string // (alliance_id, id, provider_id, provider code, lead, valid_from, valid_to), by alliance, oldest period first, lead first

	DeleteTopics, CreateTopic, Topics               string
	CreatePlace, UpdatePlace, SetPlaceAreas, Places string // scan: placeCols; Update: id first
	CreateOffer, UpdateOffer, Offers                string // scan: offerCols, then the offer's place IDs ("1,5"); Update: id first
	DeleteOfferPlaces, CreateOfferPlace             string
	// The change feed (migration 00020's triggers write it); args: the
	// generation after which. ChangedPlaces and ChangedOffers scan as
	// Places and Offers.
	AtlasChanges, ChangedPlaces, ChangedOffers, PruneAtlasChanges string
	// A few entries by id or key (an edit, a page of hits): fmt verbs, the
	// column (id, key) and then the placeholders of the values; scan as
	// Places and Offers.
	PlacesIn, OffersIn string
	// Suggestions args: status, entity kind, entity key ("" = any).
	CreateSuggestion, DecideSuggestion, Suggestion, Suggestions, EraseSubmitters string // scan: suggestionCols
	AppendChange, Changes                                                        string // Changes args: kind, key; scan: changeCols

	CreateAssignment, EndAssignment, Assignments string // scan: assignmentCols

	CreateTeam, Teams, CreateRoom, Rooms string // Rooms: roomCols, filtered by space like Teams
	UpdateTeam, UpdateRoom, DeleteRoom   string // Update: id last

	CreatePerson                                 string
	CreateLeadership, EndLeadership, Leaderships string // scan: leadershipCols

	// Streets: (key, entries) by key; StreetsByKey is its head, completed
	// by a list of keys (Tx.StreetsByKey); StreetKeys the keys alone.
	DeleteStreets, Streets, StreetsByKey, StreetKeys string

	// DeletePopulation args: group, date.
	DeletePopulation, CreatePopulation, Population string

	// SaveIndicator upserts by code; Indicators: scanIndicator.
	SaveIndicator, Indicators string
	// DeleteIndicatorValues args: indicator id, date; IndicatorValues:
	// indicator id, scan: scanIndicatorValue.
	DeleteIndicatorValues, IndicatorValues string
	SaveIndex, Indices                     string // SaveIndex upserts by code
	// Publications: newest first without content; Publication: by id.
	CreatePublication, Publications, Publication string
	// CommitteeReports: newest first without body; CommitteeReport: by
	// id. Both scan id, layer, title, published at, by, body.
	CreateCommitteeReport, CommitteeReports, CommitteeReport string

	CreateUser, UpdateUser, UserByLogin, UserByID, Users string // scan: userCols
	CreateGrant, EndGrant, Grants                        string // Grants: user id or 0 for all
	CreateSession, SessionByTokenHash, UpdateSession     string
	DeleteSession, DeleteUserSessions, UserSessions      string
	// API tokens; scan: apiTokenCols.
	CreateAPIToken, APITokenByHash, TouchAPIToken, DeleteAPIToken, UserAPITokens string
	// Budgets args: space ("" = all), year (0 = all); scan: budgetCols.
	CreateBudget, Budget, BudgetByID, Budgets string
	// BudgetLines args: space, year as Budgets; scan: lineCols.
	CreateBudgetLine, BudgetLines string
	// Entries args: budget id; EntriesByRef: budget id, ref;
	// CommitmentEntries, ReversalOf: entry id; scan: entryCols.
	AppendEntry, Entry, Entries, EntriesByRef, CommitmentEntries, ReversalOf string
	// EntrySums args: budget id; scan: line, kind, commitment, sum.
	EntrySums string
	// EntryMonthSums args: budget id, then the first days of February to
	// December and of the next year; scan: line, kind, commitment, month,
	// sum.
	EntryMonthSums string

	// SaveAllocation args: name, year, created at, body; it numbers the
	// version itself. Allocations scan: id, version, body.
	SaveAllocation, Allocations string
	// ReleaseAllocation args: allocation id, released at, by, body;
	// AllocationReleases (newest first) and AllocationRelease (by
	// allocation id) scan: allocation id, released at, by, body.
	ReleaseAllocation, AllocationReleases, AllocationRelease string

	// AuditEntries args: after id, login, object type, object id, action,
	// from, to (both always given, see Tx.AuditEntries), limit.
	AppendAudit, LastAudit, AuditEntries string
}

// offerSelect reads offers (offerCols) with their places as one list of
// IDs in ID order, "" for none: a page of hits reads its offers in one
// statement instead of a second one for offer_places (string_agg with
// ORDER BY: PostgreSQL, and SQLite from 3.44).
const offerSelect = `SELECT o.id, o.key, o.name, o.description, o.provider_id, o.topics, o.target_groups, o.min_age, o.max_age, o.languages, o.costs, o.status, o.valid_from, o.valid_to, o.hours, o.contacts, o.website, o.source, o.verified_on, o.updated_at, COALESCE(pr.code, ''), o.capacity,
	COALESCE((SELECT string_agg(CAST(op.place_id AS TEXT), ',' ORDER BY op.place_id) FROM offer_places op WHERE op.offer_id = o.id), '')
	FROM offers o LEFT JOIN providers pr ON pr.id = o.provider_id`

// SharedQueries returns the one SQL text both engines run (see the package
// comment for the dialect it is written in). An engine that one day needs a
// statement of its own assigns that field in its Dialect; none does today.
func SharedQueries() Queries {
	return Queries{
		GetSetting: `SELECT value FROM settings WHERE key = $1`,
		SetSetting: `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,

		CreateLayer: `INSERT INTO layers (code, name, kind, is_space, position) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		Layers:      `SELECT id, code, name, kind, is_space, position FROM layers ORDER BY position, code`,
		LayerByCode: `SELECT id, code, name, kind, is_space, position FROM layers WHERE code = $1`,

		CreateVersion: `INSERT INTO versions (layer_id, reference_date, valid_from, valid_to, block_version_id, source, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		CloseVersion: `UPDATE versions SET valid_to = $1 WHERE id = $2 AND valid_to IS NULL`,
		Versions: `SELECT id, layer_id, reference_date, valid_from, valid_to, block_version_id, source, created_at
			FROM versions WHERE layer_id = $1 ORDER BY valid_from, id`,
		Version: `SELECT id, layer_id, reference_date, valid_from, valid_to, block_version_id, source, created_at
			FROM versions WHERE id = $1`,

		CreateArea: `INSERT INTO areas (version_id, code, name, geometry, area_m2, properties)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		CreateAreaBlock: `INSERT INTO area_blocks (area_id, block_code) VALUES ($1, $2)`,
		Areas: `SELECT id, version_id, code, name, geometry, area_m2, properties
			FROM areas WHERE version_id = $1 ORDER BY code`,
		AreaByCode: `SELECT id, version_id, code, name, geometry, area_m2, properties
			FROM areas WHERE version_id = $1 AND code = $2`,
		AreaBlocks: `SELECT b.area_id, b.block_code FROM area_blocks b JOIN areas a ON a.id = b.area_id
			WHERE a.version_id = $1 ORDER BY b.area_id, b.block_code`,
		BlocksOfArea: `SELECT block_code FROM area_blocks WHERE area_id = $1 ORDER BY block_code`,

		CreateProvider: `INSERT INTO providers (code, name, short_name, kind, website) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		Providers:      `SELECT id, code, name, short_name, kind, website FROM providers ORDER BY code`,
		ProviderByCode: `SELECT id, code, name, short_name, kind, website FROM providers WHERE code = $1`,
		UpdateProvider: `UPDATE providers SET name = $1, short_name = $2, kind = $3, website = $4 WHERE id = $5`,

		CreateAlliance:        `INSERT INTO alliances (code, name) VALUES ($1, $2) RETURNING id`,
		UpdateAlliance:        `UPDATE alliances SET name = $1 WHERE id = $2`,
		DeleteAllianceMembers: `DELETE FROM alliance_members WHERE alliance_id = $1`,
		CreateAllianceMember:  `INSERT INTO alliance_members (alliance_id, provider_id, lead, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5)`,
		Alliances:             `SELECT id, code, name FROM alliances ORDER BY code`,
		AllianceByCode:        `SELECT id, code, name FROM alliances WHERE code = $1`,
		AllianceMembers: `SELECT m.alliance_id, m.id, m.provider_id, p.code, m.lead, m.valid_from, m.valid_to FROM alliance_members m
			JOIN providers p ON p.id = m.provider_id
			ORDER BY m.alliance_id, CASE WHEN m.valid_from IS NULL THEN 0 ELSE 1 END, m.valid_from, m.lead DESC, p.code`,

		DeleteTopics: `DELETE FROM topics`,
		CreateTopic:  `INSERT INTO topics (code, label, parent, position) VALUES ($1, $2, $3, $4)`,
		Topics:       `SELECT code, label, parent FROM topics ORDER BY position, code`,

		CreatePlace:   `INSERT INTO places (key, name, provider_id, street, house_number, postcode, city, x, y, block, space, confidential, contact_path, accessibility, accessibility_note, source, verified_on, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		UpdatePlace:   `UPDATE places SET key = $2, name = $3, provider_id = $4, street = $5, house_number = $6, postcode = $7, city = $8, x = $9, y = $10, block = $11, space = $12, confidential = $13, contact_path = $14, accessibility = $15, accessibility_note = $16, source = $17, verified_on = $18, updated_at = $19 WHERE id = $1`,
		SetPlaceAreas: `UPDATE places SET block = $2, space = $3 WHERE id = $1`,
		Places: `SELECT p.id, p.key, p.name, p.provider_id, p.street, p.house_number, p.postcode, p.city, p.x, p.y, p.block, p.space, p.confidential, p.contact_path, p.accessibility, p.accessibility_note, p.source, p.verified_on, p.updated_at, COALESCE(pr.code, '')
			FROM places p LEFT JOIN providers pr ON pr.id = p.provider_id ORDER BY p.id`,

		CreateOffer:       `INSERT INTO offers (key, name, description, provider_id, topics, target_groups, min_age, max_age, languages, costs, status, valid_from, valid_to, hours, contacts, website, source, verified_on, updated_at, capacity) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id`,
		UpdateOffer:       `UPDATE offers SET key = $2, name = $3, description = $4, provider_id = $5, topics = $6, target_groups = $7, min_age = $8, max_age = $9, languages = $10, costs = $11, status = $12, valid_from = $13, valid_to = $14, hours = $15, contacts = $16, website = $17, source = $18, verified_on = $19, updated_at = $20, capacity = $21 WHERE id = $1`,
		Offers:            offerSelect + ` ORDER BY o.id`,
		DeleteOfferPlaces: `DELETE FROM offer_places WHERE offer_id = $1`,
		CreateOfferPlace:  `INSERT INTO offer_places (offer_id, place_id) VALUES ($1, $2)`,

		AtlasChanges: `SELECT COUNT(*) FROM (SELECT DISTINCT kind, ref FROM atlas_changes WHERE generation > $1) c`,
		ChangedPlaces: `SELECT p.id, p.key, p.name, p.provider_id, p.street, p.house_number, p.postcode, p.city, p.x, p.y, p.block, p.space, p.confidential, p.contact_path, p.accessibility, p.accessibility_note, p.source, p.verified_on, p.updated_at, COALESCE(pr.code, '')
			FROM places p LEFT JOIN providers pr ON pr.id = p.provider_id
			WHERE p.id IN (SELECT ref FROM atlas_changes WHERE kind = 'place' AND generation > $1) ORDER BY p.id`,
		ChangedOffers: offerSelect + `
			WHERE o.id IN (SELECT ref FROM atlas_changes WHERE kind = 'offer' AND generation > $1) ORDER BY o.id`,
		PruneAtlasChanges: `DELETE FROM atlas_changes WHERE generation <= $1`,
		PlacesIn: `SELECT p.id, p.key, p.name, p.provider_id, p.street, p.house_number, p.postcode, p.city, p.x, p.y, p.block, p.space, p.confidential, p.contact_path, p.accessibility, p.accessibility_note, p.source, p.verified_on, p.updated_at, COALESCE(pr.code, '')
			FROM places p LEFT JOIN providers pr ON pr.id = p.provider_id WHERE p.%s IN (%s) ORDER BY p.id`,
		OffersIn: offerSelect + ` WHERE o.%s IN (%s) ORDER BY o.id`,

		CreateSuggestion: `INSERT INTO suggestions (kind, entity_kind, entity_key, proposed, street, house_number, postcode, city, x, y, message, submitter_name, submitter_email, space, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		DecideSuggestion: `UPDATE suggestions SET status = $2, decided_by = $3, decided_at = $4, reason = $5 WHERE id = $1 AND status = 'open'`,
		EraseSubmitters: `UPDATE suggestions SET submitter_name = '', submitter_email = ''
			WHERE status <> 'open' AND decided_at < $1 AND (submitter_name <> '' OR submitter_email <> '')`,
		Suggestion: `SELECT id, kind, entity_kind, entity_key, proposed, street, house_number, postcode, city, x, y, message, submitter_name, submitter_email, space, status, decided_by, decided_at, reason, created_at FROM suggestions WHERE id = $1`,
		Suggestions: `SELECT id, kind, entity_kind, entity_key, proposed, street, house_number, postcode, city, x, y, message, submitter_name, submitter_email, space, status, decided_by, decided_at, reason, created_at FROM suggestions
			WHERE (CAST($1 AS TEXT) = '' OR status = $1) AND (CAST($2 AS TEXT) = '' OR entity_kind = $2) AND (CAST($3 AS TEXT) = '' OR entity_key = $3) ORDER BY id`,
		AppendChange: `INSERT INTO changes (entity_kind, entity_key, state_before, state_after, user_id, login, at, why, suggestion_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		Changes: `SELECT id, entity_kind, entity_key, state_before, state_after, user_id, login, at, why, suggestion_id FROM changes WHERE entity_kind = $1 AND entity_key = $2 ORDER BY id`,

		CreateAssignment: `INSERT INTO assignments (space, provider_id, alliance_id, valid_from, valid_to, note)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		EndAssignment: `UPDATE assignments SET valid_to = $1 WHERE id = $2 AND valid_to IS NULL`,
		Assignments: `SELECT a.id, a.space, a.provider_id, a.alliance_id, COALESCE(p.code, l.code), a.valid_from, a.valid_to, a.note
			FROM assignments a LEFT JOIN providers p ON p.id = a.provider_id LEFT JOIN alliances l ON l.id = a.alliance_id
			WHERE CAST($1 AS TEXT) = '' OR a.space = $1 ORDER BY a.valid_from, a.space, a.id`,

		CreateTeam: `INSERT INTO teams (code, space, kind, name, provider_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		Teams: `SELECT t.id, t.code, t.space, t.kind, t.name, t.provider_id, COALESCE(p.code, '')
			FROM teams t LEFT JOIN providers p ON p.id = t.provider_id
			WHERE CAST($1 AS TEXT) = '' OR t.space = $1 ORDER BY t.code`,
		CreateRoom: `INSERT INTO rooms (team_id, name, street, house_no, postcode, city, x, y, opening_hours, phone)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		Rooms: `SELECT r.id, r.team_id, r.name, r.street, r.house_no, r.postcode, r.city, r.x, r.y, r.opening_hours, r.phone
			FROM rooms r JOIN teams t ON t.id = r.team_id WHERE CAST($1 AS TEXT) = '' OR t.space = $1 ORDER BY r.team_id, r.id`,

		UpdateTeam: `UPDATE teams SET name = $1 WHERE id = $2`,
		UpdateRoom: `UPDATE rooms SET name = $1, street = $2, house_no = $3, postcode = $4, city = $5, x = $6, y = $7, opening_hours = $8, phone = $9
			WHERE id = $10`,
		DeleteRoom: `DELETE FROM rooms WHERE id = $1`,

		CreatePerson: `INSERT INTO people (name, email, phone, organisation) VALUES ($1, $2, $3, $4) RETURNING id`,
		CreateLeadership: `INSERT INTO leaderships (space, role, person_id, valid_from, valid_to)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		EndLeadership: `UPDATE leaderships SET valid_to = $1 WHERE id = $2 AND valid_to IS NULL`,
		Leaderships: `SELECT l.id, l.space, l.role, l.person_id, l.valid_from, l.valid_to, p.name, p.email, p.phone, p.organisation
			FROM leaderships l JOIN people p ON p.id = l.person_id
			WHERE CAST($1 AS TEXT) = '' OR l.space = $1 ORDER BY l.valid_from, l.space, l.id`,

		DeletePopulation: `DELETE FROM populations WHERE grp = $1 AND reference_date = $2`,
		CreatePopulation: `INSERT INTO populations (block, grp, reference_date, residents) VALUES ($1, $2, $3, $4)`,
		Population:       `SELECT block, grp, reference_date, residents FROM populations ORDER BY grp, reference_date, block`,

		SaveIndicator: `INSERT INTO indicators (code, name, description, unit, kind, scale, direction, source, licence, layer, layer_date, base_group, min_count)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, description = excluded.description, unit = excluded.unit,
				kind = excluded.kind, scale = excluded.scale, direction = excluded.direction, source = excluded.source,
				licence = excluded.licence, layer = excluded.layer, layer_date = excluded.layer_date, base_group = excluded.base_group,
				min_count = excluded.min_count
			RETURNING id`,
		Indicators: `SELECT id, code, name, description, unit, kind, scale, direction, source, licence, layer, layer_date, base_group, min_count
			FROM indicators ORDER BY code`,
		DeleteIndicatorValues: `DELETE FROM indicator_values WHERE indicator_id = $1 AND reference_date = $2`,
		IndicatorValues: `SELECT i.code, v.area, v.reference_date, v.value, v.numerator, v.denominator, v.layer_date
			FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id
			WHERE v.indicator_id = $1 ORDER BY v.reference_date, v.area`,
		SaveIndex: `INSERT INTO indices (code, name, definition) VALUES ($1, $2, $3)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, definition = excluded.definition RETURNING id`,
		Indices: `SELECT id, definition FROM indices ORDER BY code`,
		CreatePublication: `INSERT INTO publications (kind, subject, layer, reference_date, title, published_at, published_by, content)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		Publications: `SELECT id, kind, subject, layer, reference_date, title, published_at, published_by, ''
			FROM publications ORDER BY published_at DESC, id DESC`,
		Publication: `SELECT id, kind, subject, layer, reference_date, title, published_at, published_by, content
			FROM publications WHERE id = $1`,
		CreateCommitteeReport: `INSERT INTO committee_reports (layer, title, published_at, published_by, body) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		CommitteeReports:      `SELECT id, layer, title, published_at, published_by, '' FROM committee_reports ORDER BY published_at DESC, id DESC`,
		CommitteeReport:       `SELECT id, layer, title, published_at, published_by, body FROM committee_reports WHERE id = $1`,

		DeleteStreets: `DELETE FROM streets`,
		Streets:       `SELECT key, entries FROM streets ORDER BY key`,
		StreetsByKey:  `SELECT key, entries FROM streets WHERE key IN `,
		StreetKeys:    `SELECT key FROM streets ORDER BY key`,

		CreateUser: `INSERT INTO users (login, name, email, password_hash, totp_secret, totp_last_step, disabled, created_at, recovery_codes, external_id, must_change_password, password_set_at, must_enroll_totp)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		UpdateUser: `UPDATE users SET name = $2, email = $3, password_hash = $4, totp_secret = $5, totp_last_step = $6, disabled = $7, recovery_codes = $8,
			must_change_password = $9, password_set_at = $10, must_enroll_totp = $11 WHERE id = $1`,
		UserByLogin: `SELECT id, login, name, email, password_hash, totp_secret, totp_last_step, disabled, created_at, recovery_codes, external_id, must_change_password, password_set_at, must_enroll_totp FROM users WHERE login = $1`,
		UserByID:    `SELECT id, login, name, email, password_hash, totp_secret, totp_last_step, disabled, created_at, recovery_codes, external_id, must_change_password, password_set_at, must_enroll_totp FROM users WHERE id = $1`,
		Users:       `SELECT id, login, name, email, password_hash, totp_secret, totp_last_step, disabled, created_at, recovery_codes, external_id, must_change_password, password_set_at, must_enroll_totp FROM users ORDER BY login`,

		CreateGrant: `INSERT INTO grants (user_id, role, scope_kind, scope_ref, spaces, valid_from, valid_to, source)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		EndGrant: `UPDATE grants SET valid_to = $1 WHERE id = $2 AND (valid_to IS NULL OR valid_to > $1)`,
		Grants: `SELECT id, user_id, role, scope_kind, scope_ref, spaces, valid_from, valid_to, source FROM grants
			WHERE CAST($1 AS BIGINT) = 0 OR user_id = $1 ORDER BY valid_from, id`,

		CreateSession: `INSERT INTO sessions (token_hash, user_id, created_at, last_seen, remote, user_agent, second_factor)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		SessionByTokenHash: `SELECT id, token_hash, user_id, created_at, last_seen, remote, user_agent, second_factor FROM sessions WHERE token_hash = $1`,
		UpdateSession:      `UPDATE sessions SET last_seen = $2, second_factor = $3 WHERE id = $1`,
		DeleteSession:      `DELETE FROM sessions WHERE id = $1`,
		DeleteUserSessions: `DELETE FROM sessions WHERE user_id = $1`,
		UserSessions: `SELECT id, token_hash, user_id, created_at, last_seen, remote, user_agent, second_factor FROM sessions
			WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,

		CreateAPIToken: `INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		APITokenByHash: `SELECT id, token_hash, user_id, name, created_at, expires_at, last_used FROM api_tokens WHERE token_hash = $1`,
		TouchAPIToken:  `UPDATE api_tokens SET last_used = $2 WHERE id = $1`,
		DeleteAPIToken: `DELETE FROM api_tokens WHERE user_id = $1 AND id = $2`,
		UserAPITokens: `SELECT id, token_hash, user_id, name, created_at, expires_at, last_used FROM api_tokens
			WHERE user_id = $1 ORDER BY created_at DESC, id DESC`,

		CreateBudget: `INSERT INTO budgets (space, team, year, basis, note, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		Budget:       `SELECT id, space, team, year, basis, note, created_at FROM budgets WHERE space = $1 AND team = $2 AND year = $3`,
		BudgetByID:   `SELECT id, space, team, year, basis, note, created_at FROM budgets WHERE id = $1`,
		Budgets: `SELECT id, space, team, year, basis, note, created_at FROM budgets
			WHERE (CAST($1 AS TEXT) = '' OR space = $1) AND (CAST($2 AS BIGINT) = 0 OR year = $2) ORDER BY space, year, team`,
		CreateBudgetLine: `INSERT INTO budget_lines (budget_id, code, type, label, funding, provider, cover_group) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		BudgetLines: `SELECT l.id, l.budget_id, l.code, l.type, l.label, l.funding, l.provider, l.cover_group FROM budget_lines l JOIN budgets b ON b.id = l.budget_id
			WHERE (CAST($1 AS TEXT) = '' OR b.space = $1) AND (CAST($2 AS BIGINT) = 0 OR b.year = $2) ORDER BY l.budget_id, l.id`,
		AppendEntry: `INSERT INTO budget_entries (line_id, kind, amount, value_date, term_from, term_to, unit, per_week, rate, commitment_id, reverses_id, ref, why, user_id, login, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		Entry: `SELECT e.id, l.budget_id, e.line_id, e.kind, e.amount, e.value_date, e.term_from, e.term_to, e.unit, e.per_week, e.rate, e.commitment_id, e.reverses_id, e.ref, e.why, e.user_id, e.login, e.at
			FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE e.id = $1`,
		Entries: `SELECT e.id, l.budget_id, e.line_id, e.kind, e.amount, e.value_date, e.term_from, e.term_to, e.unit, e.per_week, e.rate, e.commitment_id, e.reverses_id, e.ref, e.why, e.user_id, e.login, e.at
			FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE l.budget_id = $1 ORDER BY e.id`,
		EntriesByRef: `SELECT e.id, l.budget_id, e.line_id, e.kind, e.amount, e.value_date, e.term_from, e.term_to, e.unit, e.per_week, e.rate, e.commitment_id, e.reverses_id, e.ref, e.why, e.user_id, e.login, e.at
			FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE l.budget_id = $1 AND e.ref = $2 ORDER BY e.id`,
		CommitmentEntries: `SELECT e.id, l.budget_id, e.line_id, e.kind, e.amount, e.value_date, e.term_from, e.term_to, e.unit, e.per_week, e.rate, e.commitment_id, e.reverses_id, e.ref, e.why, e.user_id, e.login, e.at
			FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE e.id = $1 OR e.commitment_id = $1 ORDER BY e.id`,
		ReversalOf: `SELECT e.id, l.budget_id, e.line_id, e.kind, e.amount, e.value_date, e.term_from, e.term_to, e.unit, e.per_week, e.rate, e.commitment_id, e.reverses_id, e.ref, e.why, e.user_id, e.login, e.at
			FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE e.reverses_id = $1`,
		// The commitment of a sum as quartier.EntrySum defines it.
		EntrySums: `SELECT e.line_id, e.kind, CASE WHEN e.kind = 'committed' THEN COALESCE(e.commitment_id, e.id) WHEN e.kind = 'booked' THEN COALESCE(e.commitment_id, 0) ELSE 0 END, SUM(e.amount)
			FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE l.budget_id = $1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
		// Months by comparing with parameters, so one text runs on both
		// engines (a TEXT date in SQLite, a DATE in PostgreSQL).
		EntryMonthSums: `SELECT e.line_id, e.kind, CASE WHEN e.kind = 'committed' THEN COALESCE(e.commitment_id, e.id) WHEN e.kind = 'booked' THEN COALESCE(e.commitment_id, 0) ELSE 0 END,
			CASE WHEN e.value_date < $2 THEN 1 WHEN e.value_date < $3 THEN 2 WHEN e.value_date < $4 THEN 3 WHEN e.value_date < $5 THEN 4 WHEN e.value_date < $6 THEN 5 WHEN e.value_date < $7 THEN 6 WHEN e.value_date < $8 THEN 7 WHEN e.value_date < $9 THEN 8 WHEN e.value_date < $10 THEN 9 WHEN e.value_date < $11 THEN 10 WHEN e.value_date < $12 THEN 11 WHEN e.value_date < $13 THEN 12 ELSE 13 END, SUM(e.amount)
			FROM budget_entries e JOIN budget_lines l ON l.id = e.line_id WHERE l.budget_id = $1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,

		SaveAllocation: `INSERT INTO allocations (name, year, version, created_at, body)
			SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4 FROM allocations WHERE name = $1 AND year = $2 RETURNING id, version`,
		Allocations:        `SELECT id, version, body FROM allocations ORDER BY name, year, version`,
		ReleaseAllocation:  `INSERT INTO allocation_releases (allocation_id, released_at, released_by, body) VALUES ($1, $2, $3, $4)`,
		AllocationReleases: `SELECT allocation_id, released_at, released_by, body FROM allocation_releases ORDER BY released_at DESC, allocation_id DESC`,
		AllocationRelease:  `SELECT allocation_id, released_at, released_by, body FROM allocation_releases WHERE allocation_id = $1`,

		AppendAudit: `INSERT INTO audit_log (id, at, user_id, login, roles, scope, action, object_type, object_id, outcome, remote, detail, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		LastAudit: `SELECT id, at, user_id, login, roles, scope, action, object_type, object_id, outcome, remote, detail, prev_hash, hash
			FROM audit_log ORDER BY id DESC LIMIT 1`,
		AuditEntries: `SELECT id, at, user_id, login, roles, scope, action, object_type, object_id, outcome, remote, detail, prev_hash, hash
			FROM audit_log WHERE id > $1 AND (CAST($2 AS TEXT) = '' OR login = $2) AND (CAST($3 AS TEXT) = '' OR object_type = $3) AND (CAST($4 AS TEXT) = '' OR object_id = $4)
			AND (CAST($5 AS TEXT) = '' OR action = $5) AND at >= $6 AND at < $7 ORDER BY id LIMIT $8`,
	}
}
