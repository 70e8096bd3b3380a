package se.nyckeln.organisation.application;

import java.util.List;

/** One page of a longer list: the items, the total and where the page starts. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
}
