# The HTML reprs this module attaches to Program are typed on Program (_grantfolio.pyi).
