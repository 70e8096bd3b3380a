/** Chargeback persistence (JDBC on the transaction's connection) and the monthly draft job. */
package se.nyckeln.chargeback.infrastructure;
