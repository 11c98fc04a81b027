package io.nlpstream.topology.decision;

/** How a rule's flags combine. */
public enum RuleMatch {
    /** At least one of the rule's flags is raised. */
    ANY,
    /** Every one of the rule's flags is raised. */
    ALL
}
