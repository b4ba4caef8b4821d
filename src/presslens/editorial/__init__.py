"""Editorial voice, speculation/hedging, republication footers, missing media and input-quality findings."""
