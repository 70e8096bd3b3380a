/**
 * The agreements and purchases tables (plain JDBC inside the caller's transaction), the safe Peppol UBL reader,
 * the upload unpacker with its limits, the CSV planners and the set-based matching statement.
 */
package se.nyckeln.agreements.infrastructure;
