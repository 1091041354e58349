"""The households page (我的家访): lazy list, filters, search and the household detail."""
