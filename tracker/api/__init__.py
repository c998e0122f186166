"""HTTP entry points: the FastAPI app, auth dependencies, one router per resource."""
