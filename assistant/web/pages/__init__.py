"""The web UI's pages: thin routes that read from the services and render one template."""
