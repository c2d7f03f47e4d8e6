// sipspan — anomaly scorer (profile_json): work in progress.
