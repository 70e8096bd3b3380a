/** The supplier consolidation dashboard (JSF view). */
package se.nyckeln.suppliers.ui;
