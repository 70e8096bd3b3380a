/** Procurement screens: suppliers, agreements with price lists, alerts, and purchase lines with verdicts. */
package se.nyckeln.agreements.ui;
