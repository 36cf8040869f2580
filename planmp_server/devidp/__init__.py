"""Development OpenID Connect provider that issues Azure AD-shaped tokens, for the demo and the tests."""
