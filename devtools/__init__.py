"""Developer tools: the local runner and the connector benchmark."""
