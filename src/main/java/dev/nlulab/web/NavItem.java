package dev.nlulab.web;

import dev.nlulab.identity.Role;

/** An entry of the top navigation, shown to users whose role admits {@code role}. */
public record NavItem(String label, String href, Role role, int order) {}
