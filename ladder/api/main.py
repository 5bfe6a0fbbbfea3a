from ninja import NinjaAPI

api = NinjaAPI(title="Ladder API", version="1", urls_namespace="api")
