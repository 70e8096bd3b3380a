/** Chargeback rules without infrastructure: models, the exact distribution of a pool, content hashes, what-if. */
package se.nyckeln.chargeback.domain;
