"""Pages of the events app, by job (`setup`, `interpreters`, `registration`, `requests`,
`scheduling`, `agendas`, `day`; `urls.py` maps each URL to one). Each view parses the
request, calls an access helper, a service or a selector, and renders a template."""
