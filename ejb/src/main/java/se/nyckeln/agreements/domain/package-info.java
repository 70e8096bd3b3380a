/** Agreement vocabulary: the verdicts a purchase line can get ({@link se.nyckeln.agreements.domain.Verdict}). */
package se.nyckeln.agreements.domain;
