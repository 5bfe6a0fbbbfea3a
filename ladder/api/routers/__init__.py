"""One router per domain; ladder.api.main mounts them."""
