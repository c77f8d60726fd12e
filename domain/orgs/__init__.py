"""The organization tree (组织): committees, general branches, branches and groups."""
