"""A reusable approval workflow (审批流): it approves a subject known only by its type and id, along a route
of steps an org defines, and tells the subject the outcome. It knows nothing about plans or transfers."""
