"""The supervisor's pages: the review queue, the visit review view and the version diff."""
