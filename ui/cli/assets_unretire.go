package cli

var assetsUnretireCommand = &command{
	name:    "assets unretire",
	args:    []string{"NAME"},
	summary: "return a retired asset to service",
	about: `Returns a retired asset to service: it is offered for licenses again, and its history keeps the retirement.
An asset in service is refused.`,
	open: openWrite,
	run:  runAssetsUnretire,
}

func runAssetsUnretire(c *call) error {
	svc, err := c.service()
	if err != nil {
		return err
	}
	a, err := svc.ReturnAssetToService(c.actor, c.pos(0))
	if err != nil {
		return err
	}
	emails, err := userEmails(svc)
	if err != nil {
		return err
	}
	return c.showAsset(a, emails[a.OwnerID], "returned to service")
}
