"""Who may do what where: roles granted at org nodes, decided by Casbin, turned into SQL for lists."""
