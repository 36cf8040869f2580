"""Sign-in: MSAL with a persisted token cache, the offline identity, and the demo's browserless sign-in."""
