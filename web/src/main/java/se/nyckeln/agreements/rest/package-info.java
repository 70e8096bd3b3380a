/** REST for agreements, price lists, purchases and verdicts ({@code /api/v1/agreements}, {@code /api/v1/purchases}). */
package se.nyckeln.agreements.rest;
