/** The supplier tables, read and written with plain JDBC inside the caller's transaction. */
package se.nyckeln.suppliers.infrastructure;
