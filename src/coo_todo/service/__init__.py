"""The use cases, one module per topic: each loads through the store, decides with the domain,
saves through the store, and returns records for the CLI to render. No Typer, no Rich."""
