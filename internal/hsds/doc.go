// Package hsds exchanges the atlas of local offers as Open Referral's
// Human Services Data Specification 3.1.
package hsds
