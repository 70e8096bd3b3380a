/** Finance's chargeback screen (JSF). */
package se.nyckeln.chargeback.ui;
