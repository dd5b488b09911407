"""The API's routers, one module per resource, each added to the NinjaAPI in phinong/api/urls.py."""
