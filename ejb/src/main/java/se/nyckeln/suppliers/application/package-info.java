/** The supplier master: suppliers keyed on organisationsnummer (or VAT / Peppol id when foreign), with aliases. */
package se.nyckeln.suppliers.application;
