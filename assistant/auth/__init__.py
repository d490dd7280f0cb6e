"""Who is asking: users, roles, API tokens, web sessions and what each role may see."""
