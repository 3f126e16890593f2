package sailpoint

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// noSecretOperations is why the secret operations are Unimplemented.
const noSecretOperations = "SailPoint shows a client's secret only when the client is created; rotate to get a new one"

// ListSecrets returns Unimplemented: SailPoint cannot list secrets.
func (p *provider) ListSecrets(_ context.Context, clientID string) ([]unified.Credential, error) {
	if err := checkIDs("ListSecrets", "client ID", clientID); err != nil {
		return nil, err
	}
	return nil, unimplemented("ListSecrets")
}

// GetSecret returns Unimplemented: SailPoint cannot show a secret again.
func (p *provider) GetSecret(_ context.Context, ref unified.CredentialRef) (unified.Credential, error) {
	if err := checkIDs("GetSecret", "client ID", ref.ClientID, "secret ID", ref.ID); err != nil {
		return unified.Credential{}, err
	}
	return unified.Credential{}, unimplemented("GetSecret")
}

// CreateSecret returns Unimplemented: a SailPoint client has one secret,
// made with it.
func (p *provider) CreateSecret(_ context.Context, clientID string, _ *unified.CreateSecretOptions) (unified.Credential, error) {
	if err := checkIDs("CreateSecret", "client ID", clientID); err != nil {
		return unified.Credential{}, err
	}
	return unified.Credential{}, unimplemented("CreateSecret")
}

// RevokeSecret returns Unimplemented: a SailPoint secret goes only with its
// client.
func (p *provider) RevokeSecret(_ context.Context, ref unified.CredentialRef) error {
	if err := checkIDs("RevokeSecret", "client ID", ref.ClientID, "secret ID", ref.ID); err != nil {
		return err
	}
	return unimplemented("RevokeSecret")
}

func unimplemented(op string) error {
	return &unified.Error{Code: unified.Unimplemented, Vendor: unified.SailPoint, Op: op, Message: noSecretOperations}
}
