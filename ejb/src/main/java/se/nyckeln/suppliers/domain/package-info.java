/** Supplier identity: the key an invoice's seller is matched on ({@link se.nyckeln.suppliers.domain.SupplierKey}). */
package se.nyckeln.suppliers.domain;
