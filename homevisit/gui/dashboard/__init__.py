"""The supervisor's dashboard (统计, issue 18 item 2)."""
