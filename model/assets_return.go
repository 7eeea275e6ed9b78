package model

import "time"

// EvAssetReturned is a retired asset returned to service: it is offered
// for licenses again; its history keeps the retirement too.
const EvAssetReturned = "asset.returned_to_service"

// ReturnAssetToService undoes a retirement. A retired asset holds no
// licenses, so nothing it holds can stand in the way; an asset in service
// is refused.
func (s *Service) ReturnAssetToService(actor, name string) (Asset, error) {
	var a Asset
	err := s.update(actor, func(o *op) error {
		var err error
		if a, err = o.assetByName(name); err != nil {
			return err
		}
		if a.InService() {
			return Conflictf("%s is in service: only a retired asset can be returned to service", a.Name)
		}
		since := DateOf(a.Retired)
		a.Retired = time.Time{}
		if err := o.tx.PutAsset(&a); err != nil {
			return err
		}
		return o.emit(Event{Kind: EvAssetReturned, AssetID: a.ID, Asset: a.Name, UserID: a.OwnerID,
			From: "retired since " + string(since), To: "in service"})
	})
	return a, err
}
