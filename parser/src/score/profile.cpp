// sipspan — anomaly scorer (profile): work in progress.
