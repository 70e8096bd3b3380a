/**
 * The organisation's rules, free of persistence: unit kinds and legal entities, effective-dated unit versions
 * and memberships (what a rename, move, close or merge does to the dated rows). Infrastructure loads the
 * current rows, these classes decide, and the changes are written back in one transaction.
 */
package se.nyckeln.organisation.domain;
