/** The licence administrator's screens (pools, harvest, requests) and the unit viewer's view of its licences. */
package se.nyckeln.licensing.ui;
